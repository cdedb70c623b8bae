extension TherapySession {
    /// Asks to move the motor one step at `reading`. Call it *before* the step: when it returns,
    /// the step is accounted as commanded and the motor must make it; when it throws, the motor
    /// must not move.
    ///
    /// Refuses (and stops delivery with a critical alarm where the cause is a hazard) when:
    /// the step is not due yet; it would take delivery past the overinfusion guard's envelope; or
    /// it would take the reservoir below the rig's empty threshold.
    ///
    /// - Returns: the volume of the granted step.
    public mutating func commandStep(at reading: ClockReading) throws(TherapyError) -> StepVolume {
        advance(to: reading)
        guard case .stopped = mode else { return try grantStep(at: reading) }
        throw .stepRefused("delivery is \(mode)")
    }

    private mutating func grantStep(at reading: ClockReading) throws(TherapyError) -> StepVolume {
        let step = planner.stepVolume
        let remainingAfter = fill.remaining(atPosition: planner.commandedPosition + step.picolitres)
        if remainingAfter < rig.emptyThreshold {
            raise(.reservoirEmpty, evidence: "accounted remaining \(reservoirRemaining) − one step \(step) < empty threshold \(rig.emptyThreshold)")
            throw .stepRefused("reservoir at its empty threshold")
        }
        do {
            try planner.recordStep(at: reading.monotonic)
        } catch {
            throw .stepRefused(error.description)
        }
        if overinfusionGuard.stepCommanded(step, at: reading) {
            raise(.overinfusionGuardTrip, evidence: "commanded delivery exceeds the programmed envelope by \(overinfusionGuard.excessPicolitres) pL (tolerance \(overinfusionGuard.toleranceSteps) steps of \(step))")
            throw .stepRefused("overinfusion guard tripped")
        }
        ledger.recordStep(step, history: planner.history, at: reading.monotonic)
        checkReservoirAfterStep()
        return step
    }

    /// Brings the session to `reading` without stepping: for wakes that are not steps (a re-plan
    /// deadline, a sensor poll, a command), so completions and clock changes are accounted.
    public mutating func tick(at reading: ClockReading) {
        advance(to: reading)
    }

    private mutating func checkReservoirAfterStep() {
        let remaining = reservoirRemaining
        if remaining <= rig.emptyThreshold {
            raise(.reservoirEmpty, evidence: "accounted remaining \(remaining) ≤ empty threshold \(rig.emptyThreshold)")
        } else if let low = prescription?.lowReservoirAlarm, remaining <= low, alarms.active[.reservoirLow] == nil {
            raise(.reservoirLow, evidence: "accounted remaining \(remaining) ≤ low-reservoir alarm \(low)")
        }
    }
}
