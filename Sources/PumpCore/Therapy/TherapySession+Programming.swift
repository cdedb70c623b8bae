extension TherapySession {
    /// Checks `candidate` without changing anything: every violation, or the old-vs-new summary.
    public func validate(_ candidate: Prescription) -> Result<(old: ProgramSummary?, new: ProgramSummary), TherapyError> {
        var violations = PrescriptionValidator.violations(of: candidate, rig: rig)
        if violations.isEmpty, candidate.drug != fill.drug {
            return .failure(.drugMismatch(prescribed: candidate.drug, inReservoir: fill.drug))
        }
        if candidate.lowReservoirAlarm >= fill.volume, fill.volume > .zero {
            violations.append(LimitViolation(
                .lowReservoirAlarmOutOfRange, field: "lowReservoirAlarm", actual: "\(candidate.lowReservoirAlarm)",
                limit: "< \(fill.volume) (volume at refill)"))
        }
        guard violations.isEmpty else { return .failure(.invalidPrescription(violations)) }
        return .success((old: summary(of: prescription), new: summary(of: candidate)!))
    }

    func summary(of prescription: Prescription?) -> ProgramSummary? {
        prescription.map {
            ProgramSummary($0, remaining: reservoirRemaining, emptyThreshold: rig.emptyThreshold, at: clock.wall)
        }
    }

    /// Makes `candidate` the active program from `reading`, after validating it again.
    ///
    /// Running delivery continues on the new program from now (no catch-up, no restart of the
    /// step in progress). A pump that was never started starts, if it can; one a clinician or an
    /// alarm stopped stays stopped.
    public mutating func commit(_ candidate: Prescription, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        let summaries = try validate(candidate).get()
        prescription = candidate
        planner.setBasal(candidate.basal, at: reading.monotonic)
        planner.setPeriodic(candidate.periodicBolus, at: reading.monotonic)
        informGuardOfProgram()
        emit(.programCommitted(old: summaries.old, new: summaries.new))
        if mode == .stopped(.idle) { try? startDelivery() }
    }

    /// Stops all delivery at `reading`; only `resume` restarts it.
    public mutating func stop(at reading: ClockReading) {
        advance(to: reading)
        halt(.clinician)
    }

    /// Restarts delivery from `reading` after a stop, with no catch-up.
    public mutating func resume(at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        guard case .stopped = mode else { throw .wrongMode(mode, needed: "stopped") }
        try startDelivery()
    }

    /// Records an outage the daemon lived through (power cut, crash): the program owed
    /// `programmedVolume` between `lastKnown` and now; it is recorded as missed, never delivered.
    /// Delivery that was running restarts from now, with nothing owed from the gap.
    public mutating func recordOutage(since lastKnown: ClockReading, at reading: ClockReading) {
        advance(to: reading)
        if mode == .running {
            planner.stop(at: reading.monotonic)
            overinfusionGuard.stopped(at: reading)
            planner.start(at: reading.monotonic)
            overinfusionGuard.started(at: reading)
        }
        let missed = programmedVolume(from: lastKnown, to: reading.monotonic)
        ledger.recordMissed(missed)
        emit(.deliveryGap(duration: reading.monotonic - lastKnown.monotonic, missed: missed))
    }

    /// Applies a new volume-per-step calibration from `reading`.
    public mutating func calibrate(stepVolume: StepVolume, at reading: ClockReading) {
        advance(to: reading)
        let old = planner.stepVolume
        planner.setStepVolume(stepVolume, at: reading.monotonic)
        emit(.calibrated(old: old, new: stepVolume))
    }

    // MARK: - Internals

    /// Starts delivery now if every precondition holds.
    mutating func startDelivery() throws(TherapyError) {
        guard prescription != nil else { throw .notProgrammed }
        let blocking = alarms.activeAlarms.filter { $0.severity == .critical }.map(\.kind)
        guard blocking.isEmpty else { throw .blockedByAlarms(blocking) }
        guard planner.concentrationAtTip > .none else { throw .pathNotPrimed }
        guard reservoirRemaining > rig.emptyThreshold else {
            throw .reservoirEmpty(remaining: reservoirRemaining, threshold: rig.emptyThreshold)
        }
        if let stoppedAt {
            let missed = programmedVolume(from: stoppedAt, to: clock.monotonic)
            ledger.recordMissed(missed)
            emit(.deliveryGap(duration: clock.monotonic - stoppedAt.monotonic, missed: missed))
            self.stoppedAt = nil
        }
        planner.start(at: clock.monotonic)
        overinfusionGuard.started(at: clock)
        mode = .running
        emit(.deliveryStarted)
    }

    /// Stops everything that moves, for `cause`.
    mutating func halt(_ cause: StopCause) {
        if case .stopped = mode {
            if cause != .idle { mode = .stopped(cause) }
            return
        }
        planner.stop(at: clock.monotonic)
        overinfusionGuard.stopped(at: clock)
        collectPlannerEvents()
        mode = .stopped(cause)
        stoppedAt = clock
        emit(.deliveryStopped(cause))
    }

    mutating func informGuardOfProgram() {
        guard let prescription else { return }
        var concentrations = [fill.drug.concentration, planner.concentrationAtTip]
        if let next = planner.history.nextChange(after: planner.commandedPosition) {
            concentrations.append(planner.history.concentrationAtTip(position: next))
        }
        overinfusionGuard.programChanged(
            basal: prescription.basal, periodic: prescription.periodicBolus, concentrations: concentrations, at: clock)
    }

    /// What the active program would have pushed from `start` to `end` had delivery run.
    func programmedVolume(from start: ClockReading, to end: MonotonicInstant) -> Volume {
        guard let prescription, end > start.monotonic else { return .zero }
        var probe = MeteringPlanner(
            stepVolume: planner.stepVolume, history: planner.history, clock: start, position: planner.commandedPosition)
        probe.setBasal(prescription.basal, at: start.monotonic)
        probe.setPeriodic(prescription.periodicBolus, at: start.monotonic)
        probe.start(at: start.monotonic)
        probe.advance(to: end)
        return Volume(nanolitres: (probe.targetPosition - planner.commandedPosition) / 1_000)
    }
}
