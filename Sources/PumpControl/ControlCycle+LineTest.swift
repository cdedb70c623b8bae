import PumpCore

/// The line test after an occlusion (see `TherapySession.startLineTest`): the session pushes its
/// bounded volume through the ordinary step path; the loop watches every sample of the line.
///
/// - Any pressure sample at or above the line-test threshold (`LineTestPlan.thresholdPascals`),
///   or risen by `LineTestPlan.risePascals` (default half the threshold) above the lowest sample
///   since the test began, or the occlusion switch asserted, fails the test at once: the session
///   re-raises the occlusion with the evidence and stops, and the loop relieves the pressure the
///   test built.
/// - Steps the encoder never saw are not pushed: the test's steps are judged with zero tolerance
///   (`motionVerifiedStrictly`) once the last is made and the motor is off; any step unseen (or
///   motion beyond the steps) fails it. A rig without an encoder passes on its commanded steps.
/// - Once the whole volume is commanded and the motion verified, `LineTestPlan.clearSamples`
///   consecutive clear samples of the primary sensor (pressure; the switch on a rig without one)
///   pass it: the occlusion's cause is cleared and the program resumes.
/// - A rig with neither a pressure sensor nor an occlusion switch cannot show the line open: its
///   line test fails at once (the safe choice: never resume into a line nobody watched).
extension ControlCycle {
    /// Once per wake before steps: starts the strict motion count when a bench task begins (before
    /// its first step), and fails a line test no sensor can judge.
    func benchTaskWake(at reading: ClockReading) {
        switch session.mode {
        case .lineTest, .calibrationRun:
            if !lineTestWatch.strictCounting {
                lineTestWatch.strictCounting = true
                beginStrictMotionCount()
            }
            if session.mode == .lineTest, rig.pressure == nil, rig.occlusionSwitch == nil {
                failLineTest(evidence: "this rig has neither a pressure sensor nor an occlusion switch to show the line open", at: reading)
            }
        default:
            lineTestWatch.lowestPascals = nil
            if lineTestWatch.strictCounting, let run = session.calibrationRun, run.motionCheck == .pending {
                judgeCalibrationRunMotion(at: reading)
            } else {
                lineTestWatch.strictCounting = false
            }
        }
    }

    /// A finished calibration run's steps against the encoder, zero tolerance, once the coast
    /// window after its stop is over: the session refuses a commit for steps not seen.
    private func judgeCalibrationRunMotion(at reading: ClockReading) {
        if motorEnabled { forceDisable() }
        let check: CalibrationRun.MotionCheck
        switch motionVerifiedStrictly(at: reading) {
        case .pending: return
        case .unverifiable: check = .unverifiable
        case .verified(let steps): check = .verified(steps: steps)
        case .unseen(let commanded, let seen), .moreThanCommanded(let commanded, let seen): check = .mismatch(commanded: commanded, seen: seen)
        }
        lineTestWatch.strictCounting = false
        session.recordCalibrationRunMotion(check)
    }

    /// Judges one line-pressure sample for a running line test; returns whether it failed it.
    @discardableResult
    func judgeLineTest(pascals: Int64, source: String, at reading: ClockReading) -> Bool {
        guard case .lineTest = session.mode else { lineTestWatch.clearSamples = 0; return false }
        let threshold = session.rig.lineTest.thresholdPascals ?? occlusion.thresholdPascals
        if pascals >= threshold {
            failLineTest(evidence: "line pressure \(pascals) Pa ≥ line-test threshold \(threshold) Pa (\(source))", at: reading)
            return true
        }
        let lowest = min(lineTestWatch.lowestPascals ?? pascals, pascals)
        lineTestWatch.lowestPascals = lowest
        let rise = session.rig.lineTest.risePascals ?? max(1, threshold / 2)
        if pascals - lowest >= rise {
            failLineTest(
                evidence: "line pressure rose \(pascals - lowest) Pa (from \(lowest) to \(pascals) Pa) during the test, ≥ \(rise) Pa (\(source))",
                at: reading)
            return true
        }
        countClearSample(at: reading)
        return false
    }

    /// Judges one occlusion-switch reading for a running line test; returns whether it failed it.
    @discardableResult
    func judgeLineTest(switchAsserted: Bool, source: String, at reading: ClockReading) -> Bool {
        guard case .lineTest = session.mode else { lineTestWatch.clearSamples = 0; return false }
        if switchAsserted {
            failLineTest(evidence: "occlusion switch \(source) asserted", at: reading)
            return true
        }
        if rig.pressure == nil { countClearSample(at: reading) }
        return false
    }

    private func countClearSample(at reading: ClockReading) {
        guard session.lineTestRun?.pushedAt != nil else { lineTestWatch.clearSamples = 0; return }
        lineTestWatch.clearSamples = min(lineTestWatch.clearSamples + 1, session.rig.lineTest.clearSamples)
        guard lineTestWatch.clearSamples >= session.rig.lineTest.clearSamples else { return }
        if motorEnabled { forceDisable() }  // the strict judgement needs the motor off and its coast window over
        switch motionVerifiedStrictly(at: reading) {
        case .pending:
            return  // the clear samples stay counted; passes at the first clear sample after the window
        case .unseen(let commanded, let seen):
            failLineTest(
                evidence: "the encoder saw \(seen) of the \(commanded) steps commanded: steps not seen pushed nothing, the line was not shown open",
                at: reading)
            return
        case .moreThanCommanded(let commanded, let seen):
            failLineTest(evidence: "the encoder saw \(seen) steps where \(commanded) were commanded: the test's volume is unknown", at: reading)
            return
        case .verified, .unverifiable:
            break
        }
        lineTestWatch.clearSamples = 0
        guard session.mode == .lineTest else { return }
        session.passLineTest(at: reading)
    }

    private func failLineTest(evidence: String, at reading: ClockReading) {
        lineTestWatch.clearSamples = 0
        lineTestWatch.strictCounting = false
        session.failLineTest(evidence: evidence, at: reading)
        relievePressure()
    }
}
