extension TherapySession {
    /// Checks `candidate` without changing anything: every violation (the drug library's
    /// included), or the review of every setting against the active program with its warnings.
    public func validate(_ candidate: Prescription) -> Result<ProgramReview, TherapyError> {
        var violations = PrescriptionValidator.violations(of: candidate, rig: rig)
        let library = drugLibrary?.check(candidate) ?? (violations: [], warnings: [])
        violations += library.violations
        if violations.isEmpty, candidate.drug != fill.drug {
            return .failure(.drugMismatch(prescribed: candidate.drug, inReservoir: fill.drug))
        }
        if candidate.lowReservoirAlarm >= fill.volume, fill.volume > .zero {
            violations.append(LimitViolation(
                .lowReservoirAlarmOutOfRange, field: "lowReservoirAlarm", actual: "\(candidate.lowReservoirAlarm)",
                limit: "< \(fill.volume) (volume at refill)", amount: .init(actual: candidate.lowReservoirAlarm, limit: fill.volume)))
        }
        guard violations.isEmpty else { return .failure(.invalidPrescription(violations)) }
        let review = ChangeReview(
            old: .init(prescription: prescription, drug: fill.drug, remaining: reservoirRemaining),
            new: .init(prescription: candidate, drug: fill.drug, remaining: reservoirRemaining),
            emptyThreshold: rig.emptyThreshold, policy: policy, at: clock.wall)
        return .success(ProgramReview(
            old: review.oldSummary, new: review.newSummary!, rows: review.rows, warnings: review.warnings + library.warnings))
    }

    /// The review summary of `prescription` against the reservoir as it is now.
    public func summary(of prescription: Prescription?) -> ProgramSummary? {
        prescription.map {
            ProgramSummary($0, remaining: reservoirRemaining, emptyThreshold: rig.emptyThreshold, at: clock.wall)
        }
    }

    /// Makes `candidate` the active program from `reading`, after validating it again.
    ///
    /// With `acceptance`, every warning the review raises at `reading` must be among its codes
    /// (else `warningsNotAccepted`, listing the others), and a soft-limit code needs a reason;
    /// the event records what was accepted. Without it (restoring the stored program at start,
    /// simulations) warnings are not asked about.
    ///
    /// Running delivery continues on the new program from now (no catch-up). A pump that was
    /// never started starts if it can, and says why not if it cannot; one a clinician or an alarm
    /// stopped stays stopped.
    public mutating func commit(_ candidate: Prescription, accepting acceptance: WarningAcceptance? = nil, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        let review = try validate(candidate).get()
        if let acceptance, let refusal = acceptance.refusal(of: review.warnings) { throw refusal }
        install(candidate, replacing: review.old, summary: review.new, accepted: acceptance ?? WarningAcceptance())
        if mode == .stopped(.idle) { startOrReport() }
    }

    /// Stops all delivery at `reading`; only `resume` restarts it.
    public mutating func stop(at reading: ClockReading) {
        advance(to: reading)
        halt(.clinician)
    }

    /// Stops delivery because the daemon is going down, at `reading`. A stop a clinician or an
    /// alarm made stays theirs; running therapy is recorded as stopped for shutdown, so the next
    /// start resumes it.
    public mutating func suspendForShutdown(at reading: ClockReading) {
        advance(to: reading)
        // Priming cut short by the shutdown: priming before a start is picked up again at the next
        // start (as after a crash); priming on its own becomes a stop a clinician resumes.
        if case .priming(let thenRun) = mode {
            primingCutByShutdown = thenRun
            halt(thenRun ? .shutdown : .clinician)
        } else {
            halt(.shutdown)
        }
    }

    /// Restarts delivery from `reading` after a stop, with no catch-up.
    public mutating func resume(at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        guard case .stopped = mode else { throw .wrongMode(mode, needed: "stopped") }
        // After an occlusion the line must first be shown open (see startLineTest).
        if occlusionAwaitsLineTest { try startLineTest(); return }
        try startDelivery()
        stallRetriesUsed = 0  // a clinician's resume grants the stall-retry policy afresh
    }

    /// Records an outage the daemon lived through (power cut, crash) since `lastKnown`. If
    /// delivery was running, what the program owed meanwhile is recorded as missed, never
    /// delivered, and delivery restarts from now. A gap while stopped is accounted when delivery
    /// resumes, once.
    public mutating func recordOutage(since lastKnown: ClockReading, at reading: ClockReading) {
        // The part of the gap this session lived through (its clock was already past `lastKnown`)
        // is dropped and counted as missed by the planner itself; only the part before this
        // session's first reading is counted here.
        let unseenUntil = min(clock.monotonic, reading.monotonic)
        let missedBefore = ledger.missed
        advance(to: reading)
        if mode == .running {
            ledger.recordMissed(programmedVolume(from: lastKnown, to: unseenUntil))
            pauseFlows()
            resumeFlows()
        }
        emit(.deliveryGap(duration: clock.monotonic - lastKnown.monotonic, missed: ledger.missed - missedBefore))
    }

    /// Applies a volume-per-step calibration from `reading`. Refused, changing nothing, when it
    /// moves the step volume by more than a factor of two from the profile's, or when the active
    /// program would break the rig's limits with it (a smaller step needs more steps per second).
    public mutating func calibrate(stepVolume: StepVolume, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        try applyCalibration(stepVolume, run: nil)
    }

    /// Validates and applies `stepVolume` (see `calibrate`); the event carries `run` when a
    /// calibration run measured it. Never in the middle of a bench task, whose steps it sizes.
    mutating func applyCalibration(_ stepVolume: StepVolume, run: CalibrationRunMeasurement?) throws(TherapyError) {
        if mode == .lineTest || mode == .calibrationRun { throw .wrongMode(mode, needed: "no line test or calibration run") }
        let nominal = nominalStepVolume.picolitres
        guard (nominal / 2...nominal * 2).contains(stepVolume.picolitres) else {
            throw .limitExceeded(LimitViolation(
                .outOfRange, field: "calibrate.stepVolume", actual: "\(stepVolume)",
                limit: "within ×½…×2 of the profile's \(nominalStepVolume)"))
        }
        var calibrated = rig
        calibrated.stepVolume = stepVolume
        if let prescription {
            let violations = PrescriptionValidator.violations(of: prescription, rig: calibrated)
            guard violations.isEmpty else { throw .invalidPrescription(violations) }
        }
        let old = planner.stepVolume
        rig = calibrated
        planner.setStepVolume(stepVolume, at: clock.monotonic)
        emit(.calibrated(old: old, new: stepVolume, run: run))
    }

    // MARK: - Transitions

    /// Starts delivery now if every precondition holds; accounts the gap since the last stop.
    mutating func startDelivery() throws(TherapyError) {
        guard prescription != nil else { throw .notProgrammed }
        primingCutByShutdown = false
        let blocking = blockingAlarms
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
        endLeftStopped()
        resumeFlows()
        mode = .running
        emit(.deliveryStarted)
    }

    /// Stops everything that moves, for `cause`.
    mutating func halt(_ cause: StopCause) {
        if case .stopped(let current) = mode {
            if cause != .idle, cause != .shutdown || current == .idle { mode = .stopped(cause) }
            return
        }
        pauseFlows()
        collectPlannerEvents()
        mode = .stopped(cause)
        stoppedAt = stoppedAt ?? clock  // a stop while priming after a stop keeps the first stop's time
        emit(.deliveryStopped(cause))
    }

    /// Planner and guard stop together: nothing is owed afterwards.
    mutating func pauseFlows() {
        planner.stop(at: clock.monotonic)
        overinfusionGuard.stopped(at: clock)
        accountDrops()
    }

    /// Planner and guard start together.
    mutating func resumeFlows() {
        planner.start(at: clock.monotonic)
        overinfusionGuard.started(at: clock)
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
        return Volume(nanolitres: (probe.programmedPosition - planner.commandedPosition) / 1_000)
    }
}
