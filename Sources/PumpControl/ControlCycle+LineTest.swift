import PumpCore

/// The line test after an occlusion (see `TherapySession.startLineTest`): the session pushes its
/// bounded volume through the ordinary step path; the loop watches every sample of the line.
///
/// - Any pressure sample at or above the line-test threshold (`LineTestPlan.thresholdPascals`), or the occlusion switch asserted,
///   fails the test at once: the session re-raises the occlusion with the evidence and stops, and
///   the loop relieves the pressure the test built.
/// - Once the whole volume is commanded, `LineTestPlan.clearSamples` consecutive clear samples of
///   the primary sensor (pressure; the switch on a rig without one) pass it: the occlusion's
///   cause is cleared and the program resumes.
extension ControlCycle {
    /// Judges one line-pressure sample for a running line test; returns whether it failed it.
    @discardableResult
    func judgeLineTest(pascals: Int64, source: String, at reading: ClockReading) -> Bool {
        guard session.mode == .lineTest else { lineTestWatch.clearSamples = 0; return false }
        let threshold = session.rig.lineTest.thresholdPascals ?? settings.occlusionThresholdPascals
        if pascals >= threshold {
            failLineTest(evidence: "line pressure \(pascals) Pa ≥ line-test threshold \(threshold) Pa (\(source))", at: reading)
            return true
        }
        countClearSample(at: reading)
        return false
    }

    /// Judges one occlusion-switch reading for a running line test; returns whether it failed it.
    @discardableResult
    func judgeLineTest(switchAsserted: Bool, source: String, at reading: ClockReading) -> Bool {
        guard session.mode == .lineTest else { lineTestWatch.clearSamples = 0; return false }
        if switchAsserted {
            failLineTest(evidence: "occlusion switch \(source) asserted", at: reading)
            return true
        }
        if rig.pressure == nil { countClearSample(at: reading) }
        return false
    }

    private func countClearSample(at reading: ClockReading) {
        guard session.lineTestRun?.pushedAt != nil else { lineTestWatch.clearSamples = 0; return }
        lineTestWatch.clearSamples += 1
        guard lineTestWatch.clearSamples >= session.rig.lineTest.clearSamples else { return }
        lineTestWatch.clearSamples = 0
        session.passLineTest(at: reading)
    }

    private func failLineTest(evidence: String, at reading: ClockReading) {
        lineTestWatch.clearSamples = 0
        session.failLineTest(evidence: evidence, at: reading)
        relievePressure()
    }
}
