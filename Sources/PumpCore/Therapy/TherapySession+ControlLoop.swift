extension TherapySession {
    /// Asks to move the motor one step at `reading`. Call it *before* the step: when it returns,
    /// the step is accounted as commanded and the motor must make it; when it throws, the motor
    /// must not move and nothing was counted.
    ///
    /// Every check runs before anything is counted: a step must be due; the trailing hour and 24
    /// hours plus this step must stay within the prescription's maxima (else the step is dropped
    /// as missed and a dose-limit alarm raised); the reservoir must stay above the empty
    /// threshold and the overinfusion guard must agree (else delivery stops with a critical
    /// alarm).
    ///
    /// - Returns: the volume of the granted step.
    public mutating func commandStep(at reading: ClockReading) throws(TherapyError) -> StepVolume {
        advance(to: reading)
        if case .stopped = mode { throw .stepRefused("delivery is \(mode)") }
        guard case .due(let due) = planner.nextStep(), due <= clock.monotonic else { throw .stepRefused("no step is due") }
        let step = planner.stepVolume
        try checkBenchStep(step)
        try checkDoseLimits(for: step)
        let remainingAfter = fill.remaining(atPosition: planner.commandedPosition + step.picolitres)
        if remainingAfter < rig.emptyThreshold {
            raise(.reservoirEmpty, evidence: "accounted remaining \(reservoirRemaining) − one step \(step) < empty threshold \(rig.emptyThreshold)")
            throw .stepRefused("reservoir at its empty threshold")
        }
        guard overinfusionGuard.allowStep(step, at: clock) else {
            raise(.overinfusionGuardTrip, evidence: "commanded delivery would exceed the programmed envelope by \(overinfusionGuard.excessPicolitres + step.picolitres) pL (tolerance \(overinfusionGuard.toleranceSteps) steps of \(step))")
            throw .stepRefused("overinfusion guard tripped")
        }
        do { try planner.recordStep(at: clock.monotonic) } catch {
            // Unreachable: the step was due. Treat it as the fault it would be.
            raise(.overinfusionGuardTrip, evidence: "planner refused a due step: \(error)")
            throw .stepRefused(error.description)
        }
        let moved = ledger.recordStep(step, history: planner.history, at: clock.monotonic)
        deliveredByHour.book(volume: moved.volume, mass: moved.mass, at: clock.wall.unixNanoseconds)
        settlePriming()  // the step priming still owed may complete it
        benchStepMade()
        if alarms.active[.doseLimitReached] != nil, let cleared = alarms.causeCleared(.doseLimitReached, at: clock.wall) {
            emit(.alarmCleared(cleared))
        }
        checkReservoirAfterStep()
        return step
    }

    /// The control loop woke at `reading`, long after the `deadline` it asked for (a stall).
    /// Brings the session to `reading` and logs the stall with the volume the program missed in
    /// it: what it would have delivered beyond the one step still owed, dropped, not caught up.
    public mutating func recordStall(since deadline: MonotonicInstant, at reading: ClockReading) {
        let missedBefore = ledger.missed
        advance(to: reading)
        emit(.loopStalled(duration: reading.monotonic - deadline, missed: ledger.missed - missedBefore))
    }

    /// Brings the session to `reading` without stepping: for wakes that are not steps (a re-plan
    /// deadline, a sensor poll, a command), so completions and clock changes are accounted.
    public mutating func tick(at reading: ClockReading) {
        advance(to: reading)
    }

    /// The hourly and daily maxima hold on the monotonic clock whatever the wall clock does: a
    /// step that would break one is dropped (recorded as missed), never delivered.
    private mutating func checkDoseLimits(for step: StepVolume) throws(TherapyError) {
        guard let limits = prescription?.limits else { return }
        let strongest = planner.history.highestConcentration(from: planner.commandedPosition)
        let mass = DrugMass(nanograms: WideArithmetic.multiplyDivideRoundingUp(step.picolitres, strongest.microgramsPerMillilitre, 1_000_000))
        let hour = ledger.recent.lastHour + mass, day = ledger.recent.lastDay + mass
        guard hour > limits.maximumHourlyDose || day > limits.maximumDailyDose else { return }
        planner.dropOwedStep(at: clock.monotonic)
        accountDrops()
        let which = hour > limits.maximumHourlyDose
            ? "\(hour) in the trailing hour > maximum \(limits.maximumHourlyDose)"
            : "\(day) in the trailing 24 h > maximum \(limits.maximumDailyDose)"
        raise(.doseLimitReached, evidence: "step held back: \(which)")
        throw .stepRefused("dose limit reached: \(which)")
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
