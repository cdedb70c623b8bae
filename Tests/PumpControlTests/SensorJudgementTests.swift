import PumpControl
import Testing

@Suite struct SensorJudgementTests {
    @Test func occlusionIsConfirmedOnlyAfterTheConfiguredRunOfHighSamples() {
        var detector = OcclusionDetector(thresholdPascals: 100_000, confirmSamples: 3)
        // One low sample resets the run; the third high sample in a row confirms; no repeat after.
        let changes = [150_000, 99_999, 100_000, 120_000, 130_000, 140_000].map { detector.observe(pascals: Int64($0)) }
        #expect(changes == [.none, .none, .none, .none, .occluded, .none])
        #expect(detector.occluded)
    }

    @Test func occlusionClearsOnlyAfterTheSameRunOfLowSamples() {
        var detector = OcclusionDetector(thresholdPascals: 100_000, confirmSamples: 2)
        // A bounce back up in between does not clear it; two low samples in a row do.
        let changes = [200_000, 200_000, 10_000, 200_000, 10_000, 10_000].map { detector.observe(pascals: Int64($0)) }
        #expect(changes == [.none, .occluded, .none, .none, .none, .cleared])
        #expect(!detector.occluded)
    }

    @Test func batteryMeanIsReportedOnlyOnceTheWindowIsFullThenSlides() {
        var average = MovingAverage(count: 3)
        average.record(3600)
        average.record(3500)
        #expect(average.mean == nil)
        average.record(3400)
        #expect(average.mean == 3500)
        average.record(3000)  // 3500, 3400, 3000
        #expect(average.mean == 3300)
    }

    @Test func aChannelRepeatingTheSameReadingIsStuckAfterTheLimit() {
        var detector = StuckSensorDetector(limit: 3)
        let verdicts = [5, 5, 5, 5, 6].map { detector.observe($0) }
        #expect(verdicts == [false, false, false, true, false])  // stuck at the third repeat; any change resets
    }

    @Test func aLimitOfZeroNeverCallsAChannelStuck() {
        var detector = StuckSensorDetector(limit: 0)
        let verdicts = (0..<100).map { _ in detector.observe(1) }
        #expect(!verdicts.contains(true))
    }
}
