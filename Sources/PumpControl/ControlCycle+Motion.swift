import PumpCore
import PumpHardware

/// Motion verification and the stall-retry policy.
///
/// - Steps vs motion (a stepper with an encoder, the simulated rig): after every step the encoder
///   is read; commanded minus seen steps above `toleranceSteps` is a stall, so a motor that stops
///   turning is caught after at most `toleranceSteps + 1` commanded steps. A driver's stall output
///   (DIAG) is read after every step: asserted is a stall at once.
/// - Motion while stopped (every kind with an encoder): pulses after the motor stopped are coast
///   while they are at most `coastPulses` and come within `coastWindow` of the stop; any more, or
///   any later, is the critical `free-flow` alarm. The encoder is read in the loop's polls whether
///   delivery runs or not, so a stopped pump that free-flows alarms too.
/// - Motion beyond the commanded steps while enabled (a floating microstep line moving 2× per
///   step, slow free flow through an idle-unpowered stepper) adds up over the whole run and is
///   never forgiven by a catch-up: above the tolerance it is `free-flow` ("moved more than
///   commanded"), within `toleranceSteps + 1` steps of surplus. Surplus is never credit against
///   later lost steps either (the stall count restarts at each catch-up).
/// - Accounting: a step the motor was commanded to make but that was not seen stays counted as
///   delivered (the dose limits and the reservoir err on the safe side: never a hidden overdose,
///   the reservoir empties early on paper) and is never commanded again (no catch-up); the missed
///   volume is `unseen × step volume`, said in the alarm and the retry events.
/// - Stall retry: see `StallRetryPolicy`. Each retry is audited (`stallRetry`); the steps of a
///   retry go through `TherapySession.commandStep` like any other, under the same limits.
extension ControlCycle {
    var motionSettings: MotionSettings { built.motion }

    /// At `start`: the motor is off from now (the coast window starts), and the encoder is read in
    /// the polls.
    func startMotion(at reading: ClockReading) {
        motion.stoppedAt = reading.monotonic
        motion.pulsesSinceStop = 0
        motion.lastRead = reading.monotonic
        _ = try? rig.motion?.takePulses()  // what came before pumpd drove ENABLE is not this run's
        _ = try? rig.stallOutput?.takeStall()
        motion.nextPoll = rig.motion == nil ? .distantFuture : reading.monotonic
    }

    /// Once per wake, before steps: ends a stall retry's wait when due (or drops it when delivery
    /// has stopped; the retries used stay counted in the session until a clinician resumes), and
    /// reads the encoder when its poll is due.
    func motionWake(at reading: ClockReading) {
        if case .stopped = session.mode { motion.retryUntil = nil }
        if let until = motion.retryUntil, reading.monotonic >= until { endRetryWait(at: reading) }
        if reading.monotonic >= motion.nextPoll {
            let interval = motionSettings.pollInterval > .zero ? motionSettings.pollInterval : built.switchPoll
            motion.nextPoll = reading.monotonic + interval
            readMotion(at: reading)
        }
    }

    /// The earliest instant motion needs a wake, and whether steps must wait (a retry's spacing).
    var motionDeadline: MonotonicInstant { min(motion.nextPoll, motion.retryUntil ?? .distantFuture) }
    var stepsHeldForRetry: Bool { motion.retryUntil != nil }

    /// Makes one commanded forward step and verifies it. Returns false when stepping must stop
    /// for this wake (the motor failed or stalled; the alarm or retry is already under way).
    func moveOneStep(at reading: ClockReading) -> Bool {
        if !motionSettings.checksSteps { readMotion(at: reading) }  // a DC pump's pulses since its last unit
        do {
            try rig.motor.step()
            stepsMoved += 1
        } catch {
            motorFailed(error, at: reading)
            return false
        }
        guard motionSettings.checksSteps else {
            motion.stoppedAt = reading.monotonic  // a DC motor stops after every unit
            motion.pulsesSinceStop = 0
            return true
        }
        motion.commandStep()
        if let diag = rig.stallOutput {
            do {
                if try diag.takeStall() {
                    motorStalled(evidence: "stall output \(diag.source) asserted after a step", unseen: 1, at: reading)
                    return false
                }
            } catch {
                motorFailed(error, at: reading)
                return false
            }
        }
        guard rig.motion != nil else { return true }
        readMotion(at: reading)
        return motorEnabled
    }

    /// Called when ENABLE is about to go active: judges what moved while the motor was off (and
    /// the last enabled period's steps, if their coast window is not over yet), then starts
    /// counting this enabled period afresh for the stall judgement (surplus motion keeps adding
    /// up over the run).
    func motionWillEnable(at reading: ClockReading) {
        readMotion(at: reading)
        if motion.finalPending { judgeFinalSteps(at: reading) }
        _ = try? rig.stallOutput?.takeStall()
        motion.anchor()
    }

    /// Called when ENABLE went inactive: what the encoder saw up to now belongs to the steps; the
    /// coast window starts now. Pulses in the window first make up steps not yet seen (an
    /// encoder's latency); the steps are judged when the window ends (`judgeFinalSteps`), never
    /// silently forgiven.
    func motionDidDisable() {
        if motionSettings.checksSteps, let count = try? rig.motion?.takePulses() { motion.seeEnabled(count) }
        motion.finalPending = motionSettings.checksSteps && rig.motion != nil
        motion.stoppedAt = session.clock.monotonic
        motion.pulsesSinceStop = 0
        motion.lastRead = session.clock.monotonic
    }

    /// `steps` reverse steps were made on purpose (pressure relief, a retry's back-off): their
    /// pulses are not free flow, including those an encoder's latency delivers later, within the
    /// coast window after the steps (up to the steps' worth of pulses).
    func absorbReverseMotion(steps: Int) {
        let taken = (try? rig.motion?.takePulses()) ?? 0
        _ = try? rig.stallOutput?.takeStall()
        motion.reversePulsesDue = max(0, motionSettings.pulses(forSteps: Int64(steps)) - taken)
        motion.reversedAt = session.clock.monotonic
    }

    /// A stall seen by the driver itself (`.stall`: a DC pump's encoder stopped, the simulated
    /// stall fault), the encoder or the stall output: retry if the policy allows, else latch.
    func motorStalled(evidence: String, unseen: Int64, at reading: ClockReading) {
        let policy = motionSettings.stallRetry
        let delivering: Bool
        // Only therapy and priming retry. A bench task (line test, calibration run: modes added by
        // the linecal part) must never retry: its verdict needs every step, so it stops at once.
        switch session.mode {
        case .running, .priming: delivering = true
        // (merge of i14-motion with i14-linecal) A bench task never stall-retries: a stall during a
        // line test or a calibration run latches at once; neither is therapy to carry on, and a
        // retry would blur what they measure (the line's response, the step count).
        case .stopped, .lineTest, .calibrationRun: delivering = false
        }
        let missed = Volume(nanolitres: unseen * session.planner.stepVolume.picolitres / 1_000)
        if delivering, session.stallRetriesUsed < policy.retries {
            session.recordStallRetry(
                of: policy.retries, unseenSteps: unseen, reversed: policy.reverseBeforeRetry, evidence: evidence, at: reading)
            forceDisable()
            motion.retryUntil = reading.monotonic + policy.spacing
            return
        }
        let used = session.stallRetriesUsed
        let retried = used > 0 ? " after \(used) stall \(used == 1 ? "retry" : "retries")" : ""
        session.raiseAlarm(
            .motorStall,
            evidence: "\(evidence)\(retried); \(unseen) commanded \(unseen == 1 ? "step" : "steps") (\(missed)) not seen moving, "
                + "counted as delivered, not caught up",
            at: reading)
        motion.retryUntil = nil
        forceDisable()
    }

    // MARK: - Private

    /// Reads the encoder and judges what it saw: against the commanded steps while a stepper is
    /// enabled, as motion while stopped otherwise.
    func readMotion(at reading: ClockReading) {
        guard let encoder = rig.motion else { return }
        var count: Int64
        do { count = try encoder.takePulses() } catch {
            // An encoder that cannot be read vouches for nothing: treat it as the failed safety
            // sensor it is (critical: delivery stops).
            session.raiseAlarm(.safetySensorFailure, evidence: "\(encoder.source): \(error)", at: reading)
            forceDisable()
            return
        }
        let previousRead = motion.lastRead
        motion.lastRead = reading.monotonic
        if motionSettings.checksSteps, motorEnabled {
            motion.seeEnabled(count)
            judgeSteps(encoder: encoder, at: reading)
            return
        }
        if let reversedAt = motion.reversedAt {
            if reading.monotonic <= reversedAt + motionSettings.coastWindow {
                let absorbed = min(count, motion.reversePulsesDue)
                motion.reversePulsesDue -= absorbed
                count -= absorbed
            } else {
                motion.reversePulsesDue = 0
                motion.reversedAt = nil
            }
        }
        if motion.finalPending {
            let credited = min(count, max(0, motionSettings.pulses(forSteps: motion.commanded) - motion.pulses))
            motion.seeEnabled(credited)
            count -= credited
        }
        if count > 0 { judgeStopped(count, encoder: encoder, previousRead: previousRead, at: reading) }
        if motion.finalPending, let stop = motion.stoppedAt, reading.monotonic >= stop + motionSettings.coastWindow {
            judgeFinalSteps(at: reading)
        }
    }

    /// The last enabled period's steps, once their coast window is over: commanded minus seen
    /// above the tolerance is a stall like any other (the steps were counted as delivered).
    private func judgeFinalSteps(at reading: ClockReading) {
        motion.finalPending = false
        guard let encoder = rig.motion else { return }
        let seen = motionSettings.steps(forPulses: motion.pulses)
        let unseen = motion.commanded - seen
        let tolerance = motionSettings.toleranceSteps
        motion.anchor()
        guard unseen > tolerance else { return }
        motorStalled(
            evidence: "encoder \(encoder.source) saw \(seen) of \(seen + unseen) commanded steps by the end of the "
                + "\(motionSettings.coastWindow.readable) coast window after the motor stopped (tolerance \(tolerance))",
            unseen: unseen, at: reading)
    }

    private func judgeSteps(encoder: any MotionSensor, at reading: ClockReading) {
        let seen = motionSettings.steps(forPulses: motion.pulses)
        let tolerance = motionSettings.toleranceSteps
        if motion.commanded - seen > tolerance {
            let unseen = motion.commanded - seen
            let evidence = "encoder \(encoder.source) saw \(seen) of \(motion.commanded) commanded steps (tolerance \(tolerance))"
            motion.anchor()
            motorStalled(evidence: evidence, unseen: unseen, at: reading)
        } else if motionSettings.steps(forPulses: motion.runPulses) - motion.runCommanded > tolerance {
            let runSeen = motionSettings.steps(forPulses: motion.runPulses)
            let extra = motion.runPulses - motion.runCommanded * motionSettings.pulsesPerRevolution / motionSettings.stepsPerRevolution
            raiseFreeFlow(
                "motor moved more than commanded: encoder \(encoder.source) saw \(runSeen) steps where \(motion.runCommanded) were "
                    + "commanded (tolerance \(tolerance)): \(extra) pulses ≈ \(motionSettings.volume(ofPulses: extra, step: session.planner.stepVolume)) "
                    + "nobody commanded",
                pulses: extra, at: reading)
        } else if seen >= motion.commanded {
            motion.anchor()  // caught up: surplus within tolerance is never credit against later lost steps
        }
    }

    private func judgeStopped(_ count: Int64, encoder: any MotionSensor, previousRead: MonotonicInstant?, at reading: ClockReading) {
        motion.pulsesSinceStop += count
        let stop = motion.stoppedAt ?? reading.monotonic
        // Pulses read at this poll surely came after the window only if the previous read already was after it.
        let windowEnd = stop + motionSettings.coastWindow
        let afterWindow = (previousRead ?? stop) >= windowEnd
        guard afterWindow || motion.pulsesSinceStop > motionSettings.coastPulses else { return }
        let pulses = motion.pulsesSinceStop
        let volume = motionSettings.volume(ofPulses: pulses, step: session.planner.stepVolume)
        let why = afterWindow
            ? "after the \(motionSettings.coastWindow.readable) coast window"
            : "more than the \(motionSettings.coastPulses) coast pulses allowed"
        raiseFreeFlow(
            "encoder \(encoder.source) counted \(pulses) \(pulses == 1 ? "pulse" : "pulses") (≈ \(volume)) in the \((reading.monotonic - stop).readable) since the motor stopped, \(why)",
            pulses: pulses, at: reading)
    }

    /// Raises free-flow and books the volume `pulses` show as estimated delivery (reservoir and
    /// dose-limit windows; see `TherapySession.recordUncommandedMotion`).
    private func raiseFreeFlow(_ evidence: String, pulses: Int64, at reading: ClockReading) {
        let volume = motionSettings.volume(ofPulses: max(0, pulses), step: session.planner.stepVolume)
        let mass = session.recordUncommandedMotion(estimated: volume, at: reading)
        session.raiseAlarm(
            .freeFlow,
            evidence: "\(evidence); ≈ \(volume) (≈ \(mass)) booked as estimated delivery against the reservoir and the dose limits",
            at: reading)
        motion.forgetSurplus()
        motion.pulsesSinceStop = 0
        motion.retryUntil = nil
        forceDisable()
    }

    /// A retry's spacing is over: optionally one step back, then stepping carries on (the next
    /// step enables the motor and starts a fresh count). What the planner owed in the wait beyond
    /// one step was dropped as missed by the session, not caught up.
    private func endRetryWait(at reading: ClockReading) {
        motion.retryUntil = nil
        readMotion(at: reading)  // motion during the wait is judged as motion while stopped
        if case .stopped = session.mode { return }
        if motionSettings.stallRetry.reverseBeforeRetry { reverseOneStep() }
    }

    private func reverseOneStep() {
        do {
            try rig.motor.enable()
            try rig.motor.reverseStep()
        } catch {
            // Backing off is a help, not a safety function: the retry goes on without it.
        }
        absorbReverseMotion(steps: 1)
        forceDisable()
        motionDidDisable()
    }
}
