extension TherapySession {
    /// Starts a calibration run at `reading`: `steps` motor steps at `rate` (nil: the profile's
    /// default), through the control loop like any delivery, for a balance to weigh.
    ///
    /// A bench procedure: only while delivery is stopped and no critical alarm blocks it. Every
    /// limit is checked before anything moves: steps within the run's minimum (a run too small to
    /// weigh accurately: `CalibrationRunBounds.minimumSteps(step:)`) and `rig.calibrationRun.maximumSteps`,
    /// the rate within the run's and the rig's maxima, the reservoir above its empty threshold
    /// after every step. Each step is accounted like any other (reservoir, ledger, dose limits):
    /// the pump cannot know no patient is connected. A clinician's Stop cuts it short. When it
    /// ends, the pump returns to the stop it was in; a finished run waits for
    /// `commitCalibrationRun`.
    public mutating func startCalibrationRun(
        steps: Int64, rate requested: VolumeRate?, by caller: UInt32? = nil, at reading: ClockReading
    ) throws(TherapyError) {
        advance(to: reading)
        guard case .stopped(let cause) = mode else { throw .wrongMode(mode, needed: "stopped") }
        let blocking = blockingAlarms
        guard blocking.isEmpty else { throw .blockedByAlarms(blocking) }
        let bounds = rig.calibrationRun
        let minimum = bounds.minimumSteps(step: planner.stepVolume)
        guard steps >= minimum, steps <= bounds.maximumSteps else {
            let why = bounds.minimumSteps == nil
                ? "at least \(CalibrationRunBounds.defaultMinimumVolume) of \(planner.stepVolume) steps, 1000× a 0.1 mg balance's readability"
                : "[calibration] min_steps"
            throw .limitExceeded(LimitViolation(
                .outOfRange, field: "calibrationRun.steps", actual: "\(steps)",
                limit: "\(minimum)…\(bounds.maximumSteps) (\(why); [calibration] max_steps)"))
        }
        let rate = requested ?? bounds.defaultRate
        let ceiling = min(bounds.maximumRate, rig.effectiveMaximumRate)
        guard rate.picolitresPerDay > 0, rate <= ceiling else {
            throw .limitExceeded(LimitViolation(
                .outOfRange, field: "calibrationRun.rate", actual: "\(rate)", limit: "above zero and at most \(ceiling)"))
        }
        let step = planner.stepVolume
        let (total, overflow) = steps.multipliedReportingOverflow(by: step.picolitres)
        guard !overflow, fill.remaining(atPosition: planner.commandedPosition + total) > rig.emptyThreshold else {
            throw .reservoirEmpty(remaining: reservoirRemaining, threshold: rig.emptyThreshold)
        }
        let volume = Volume(nanolitres: (total + 999) / 1_000)
        do {
            try planner.startPriming(VolumeTask(kind: .calibrationRun, volume: volume, at: rate, from: clock.monotonic))
        } catch { throw .busy(.calibrationRun) }
        overinfusionGuard.primingAuthorised(volume: volume, at: rate, at: clock)
        calibrationRun = CalibrationRun(
            steps: steps, rate: rate, stepVolume: step, startPosition: planner.commandedPosition, started: clock,
            returnTo: cause, state: .running, startedBy: caller)
        mode = .calibrationRun
        collectPlannerEvents()
        emit(.calibrationRunStarted(steps: steps, rate: rate))
    }

    /// Commits the step volume a finished calibration run measured: the fluid it pushed weighed
    /// `massMicrograms` (µg) at `densityMicrogramsPerMillilitre` (µg/mL); volume = mass ÷ density
    /// (`CalibrationRunMeasurement.volume`), step volume = volume ÷ steps, to the nearest
    /// picolitre. Validated like `calibrate` (within ×½…×2 of the profile's). Refused, changing
    /// nothing, with no finished run, while one runs, when the last one was cut short, when
    /// `caller` is not who started it (`calibrationRunNotYours`), or more than
    /// `CalibrationRun.commitWindow` after it finished (`calibrationRunExpired`).
    ///
    /// - Returns: the measurement, for the caller's audit record.
    @discardableResult
    public mutating func commitCalibrationRun(
        massMicrograms: Int64, densityMicrogramsPerMillilitre: Int64, by caller: UInt32? = nil, at reading: ClockReading
    ) throws(TherapyError) -> CalibrationRunMeasurement {
        advance(to: reading)
        guard let run = calibrationRun else { throw .noCalibrationRun }
        switch run.state {
        case .running: throw .calibrationRunInProgress
        case .interrupted: throw .calibrationRunInterrupted(made: run.made, steps: run.steps)
        case .finished: break
        }
        if let owner = run.startedBy, caller != owner { throw .calibrationRunNotYours(startedBy: owner) }
        if let finished = run.finishedAt, clock.monotonic - finished.monotonic > CalibrationRun.commitWindow {
            throw .calibrationRunExpired(ago: clock.monotonic - finished.monotonic)
        }
        switch run.motionCheck {
        case .pending: throw .calibrationRunInProgress  // its steps are judged once the coast window after the stop ends
        case .mismatch(let commanded, let seen): throw .calibrationRunMotionMismatch(commanded: commanded, seen: seen)
        case .verified, .unverifiable: break
        }
        guard massMicrograms > 0, massMicrograms <= Int64.max / 1_000_000 else {
            throw .limitExceeded(LimitViolation(.outOfRange, field: "calibrationRun.mass", actual: "\(massMicrograms) µg", limit: "> 0 µg"))
        }
        guard (1...100_000_000).contains(densityMicrogramsPerMillilitre) else {
            throw .limitExceeded(LimitViolation(
                .outOfRange, field: "calibrationRun.density", actual: "\(densityMicrogramsPerMillilitre) µg/mL", limit: "1…100000000 µg/mL"))
        }
        let volume = CalibrationRunMeasurement.volume(massMicrograms: massMicrograms, densityMicrogramsPerMillilitre: densityMicrogramsPerMillilitre)
        let stepPicolitres = (Int128(volume.nanolitres) * 1_000 + Int128(run.made / 2)) / Int128(run.made)
        let measurement = CalibrationRunMeasurement(
            steps: run.made, massMicrograms: massMicrograms, densityMicrogramsPerMillilitre: densityMicrogramsPerMillilitre, volume: volume)
        try applyCalibration(StepVolume(picolitres: Int64(clamping: stepPicolitres)), run: measurement)
        calibrationRun = nil
        return measurement
    }

    /// The control loop's zero-tolerance judgement of the last run's steps (see
    /// `CalibrationRun.MotionCheck`); recorded once, for a run that is no longer running.
    public mutating func recordCalibrationRunMotion(_ check: CalibrationRun.MotionCheck) {
        guard var run = calibrationRun, run.state != .running, run.motionCheck == .pending else { return }
        run.motionCheck = check
        calibrationRun = run
    }

    /// Ends the calibration run once (`completed`: every step made) and returns the pump to the
    /// stop it was in.
    mutating func finishCalibrationRun(completed: Bool) {
        guard var run = calibrationRun, run.state == .running else { return }
        run.state = completed ? .finished : .interrupted
        run.finishedAt = clock
        calibrationRun = run
        emit(.calibrationRunFinished(
            steps: run.steps, made: run.made, volume: Volume(nanolitres: run.made * run.stepVolume.picolitres / 1_000), completed: completed))
        guard mode == .calibrationRun else { return }
        pauseFlows()
        mode = .stopped(run.returnTo)
    }
}

extension CalibrationRunMeasurement {
    /// The volume of `massMicrograms` of fluid of density `densityMicrogramsPerMillilitre`:
    /// mass × 10⁶ ÷ density nanolitres, in 128 bits, to the nearest nanolitre (halves away from
    /// zero). The one conversion from weighed mass to volume (the HIL accuracy run uses it too).
    public static func volume(massMicrograms: Int64, densityMicrogramsPerMillilitre: Int64) -> Volume {
        precondition(densityMicrogramsPerMillilitre > 0)
        let numerator = Int128(massMicrograms) * 1_000_000
        let denominator = Int128(densityMicrogramsPerMillilitre)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        let roundsAway = remainder.magnitude * 2 >= denominator.magnitude
        return .nanolitres(Int64(roundsAway ? quotient + (numerator < 0 ? -1 : 1) : quotient))
    }
}
