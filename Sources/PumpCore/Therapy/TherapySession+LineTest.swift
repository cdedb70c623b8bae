extension TherapySession {
    /// After an occlusion the alarm's cause stays present until a line test shows the line open:
    /// falling pressure (relief) or an open switch proves nothing, since a blocked catheter holds
    /// its pressure only until relief drains it. True while such an occlusion waits for its test.
    public var occlusionAwaitsLineTest: Bool {
        guard let alarm = alarms.active[.occlusion] else { return false }
        return alarm.isActive && alarm.causePresent
    }

    /// What the running line test has pushed so far (zero when none runs).
    public var lineTestPushed: Volume {
        guard let run = lineTestRun else { return .zero }
        return Volume(nanolitres: (planner.commandedPosition - run.startPosition) / 1_000)
    }

    /// Resume's first half after an occlusion: the clinician has acknowledged the occlusion;
    /// delivery returns to the program only once a line test passes (`passLineTest`).
    ///
    /// Checks everything `startDelivery` checks (program, other critical alarms, drug at the tip,
    /// reservoir after the test's volume) and the hourly and daily dose headroom for the test's
    /// whole volume before anything moves (a step refused for limits midway would read as a
    /// blocked line); the test pushes
    /// `rig.lineTest`'s volume in whole steps, never more than its bolus limit, at its rate. The
    /// volume is delivered drug: accounted in the ledger and counted against the dose limits.
    mutating func startLineTest() throws(TherapyError) {
        guard prescription != nil else { throw .notProgrammed }
        guard let occlusion = alarms.active[.occlusion], occlusion.acknowledgedAt != nil else { throw .blockedByAlarms([.occlusion]) }
        let others = blockingAlarms.filter { $0 != .occlusion }
        guard others.isEmpty else { throw .blockedByAlarms(others) }
        guard planner.concentrationAtTip > .none else { throw .pathNotPrimed }
        let plan = rig.lineTest
        guard plan.rate <= rig.effectiveMaximumRate else {
            throw .limitExceeded(LimitViolation(
                .outOfRange, field: "lineTest.rate", actual: "\(plan.rate)", limit: "at most the rig's \(rig.effectiveMaximumRate)"))
        }
        let cap = plan.pushablePicolitres(step: planner.stepVolume)
        guard cap > 0 else {
            throw .limitExceeded(LimitViolation(
                .outOfRange, field: "lineTest.volume", actual: "\(min(plan.volume, plan.bolusLimit))",
                limit: "at least one step (\(planner.stepVolume)) within the post-occlusion bolus limit \(plan.bolusLimit)"))
        }
        guard fill.remaining(atPosition: planner.commandedPosition + cap) > rig.emptyThreshold else {
            throw .reservoirEmpty(remaining: reservoirRemaining, threshold: rig.emptyThreshold)
        }
        let volume = Volume(nanolitres: cap / 1_000)
        if let limits = prescription?.limits {
            let strongest = planner.history.highestConcentration(from: planner.commandedPosition)
            try checkDoseHeadroom(strongest.mass(in: volume), field: "lineTest.volume", strongest: strongest, limits)
        }
        do {
            try planner.startPriming(VolumeTask(kind: .lineTest, volume: volume, at: plan.rate, from: clock.monotonic))
        } catch { throw .busy(.lineTest) }
        overinfusionGuard.primingAuthorised(volume: volume, at: plan.rate, at: clock)
        lineTestRun = LineTestRun(startPosition: planner.commandedPosition, capPicolitres: cap, started: clock)
        mode = .lineTest
        collectPlannerEvents()
        emit(.lineTestStarted(volume: volume, rate: plan.rate))
    }

    /// The line test's whole volume has been commanded and the line read clear since: the
    /// occlusion's cause is gone and delivery returns to the program (no catch-up: the stop,
    /// line test included, is missed volume). Ignored unless a test has pushed all of its volume.
    public mutating func passLineTest(at reading: ClockReading) {
        advance(to: reading)
        guard mode == .lineTest, let run = lineTestRun, run.pushedAt != nil else { return }
        let pushed = lineTestPushed
        lineTestRun = nil
        pauseFlows()
        collectPlannerEvents()
        mode = .stopped(.alarm)
        emit(.lineTestPassed(volume: pushed, duration: clock.monotonic - run.started.monotonic))
        if let cleared = alarms.causeCleared(.occlusion, at: clock.wall) { emit(.alarmCleared(cleared)) }
        do { try startDelivery() } catch { emit(.deliveryNotStarted(error)) }
    }

    /// The line was not shown open (`evidence`): delivery stops for the alarm and the occlusion is
    /// raised afresh with the evidence, for a clinician to acknowledge. The caller relieves the
    /// pressure the test built. Ignored unless a line test runs.
    public mutating func failLineTest(evidence: String, at reading: ClockReading) {
        advance(to: reading)
        guard mode == .lineTest, lineTestRun != nil else { return }
        endFailedLineTest(evidence: evidence)
    }

    /// Stops for the alarm, logs the failure and (`reraise`: the line was seen blocked) raises the
    /// occlusion afresh (unacknowledged). A test that could not push its volume for another
    /// reason showed nothing either way: the occlusion stays as it was, still awaiting a test.
    private mutating func endFailedLineTest(evidence: String, reraise: Bool = true) {
        let pushed = lineTestPushed
        lineTestRun = nil
        halt(.alarm)
        emit(.lineTestFailed(volume: pushed, evidence: evidence))
        guard reraise else { return }
        emit(.alarmRaised(alarms.raiseAgain(.occlusion, evidence: "line test: \(evidence) after \(pushed)", at: clock.wall)))
    }

    /// The planner cut the line test short (a stop, another alarm): it proved nothing.
    mutating func lineTestCutShort(delivered: Volume) {
        guard lineTestRun != nil else { return }
        lineTestRun = nil
        emit(.lineTestFailed(volume: delivered, evidence: "cut short before the line was shown open"))
    }

    /// Ends a bench task whose planner task is over with no step owed: a calibration run
    /// finishes (completed only with every step made); a line test that could not push all of
    /// its volume (steps refused or dropped) fails, since it showed nothing.
    mutating func settleBenchTask() {
        guard mode == .lineTest || mode == .calibrationRun, planner.priming == nil,
              planner.targetPosition < planner.commandedPosition + planner.stepVolume.picolitres else { return }
        if mode == .calibrationRun {
            finishCalibrationRun(completed: (calibrationRun?.made ?? 0) >= (calibrationRun?.steps ?? 1))
        } else if let run = lineTestRun, run.pushedAt == nil {
            // Not a blocked line (a step refused for a limit): no false occlusion.
            endFailedLineTest(
                evidence: "not all of \(Volume(nanolitres: run.capPicolitres / 1_000)) could be pushed (steps refused)", reraise: false)
        }
    }

    /// Refuses a step a bench task may not make: beyond the line test's cap or the calibration
    /// run's steps. Checked before the step is counted.
    func checkBenchStep(_ step: StepVolume) throws(TherapyError) {
        switch mode {
        case .lineTest:
            guard let run = lineTestRun, planner.commandedPosition + step.picolitres - run.startPosition <= run.capPicolitres else {
                throw .stepRefused("the line test has pushed all it may")
            }
        case .calibrationRun:
            guard let run = calibrationRun, run.state == .running, run.made < run.steps else {
                throw .stepRefused("the calibration run has made all its steps")
            }
        default: break
        }
    }

    /// A bench task's step was counted: notes the line test's end of pushing or the calibration
    /// run's progress.
    mutating func benchStepMade() {
        switch mode {
        case .lineTest:
            guard var run = lineTestRun, run.pushedAt == nil else { return }
            if planner.commandedPosition - run.startPosition + planner.stepVolume.picolitres > run.capPicolitres {
                run.pushedAt = clock.monotonic
                lineTestRun = run
            }
        case .calibrationRun:
            calibrationRun?.made += 1
            if let run = calibrationRun, run.made >= run.steps { finishCalibrationRun(completed: true) }
        default: break
        }
    }
}
