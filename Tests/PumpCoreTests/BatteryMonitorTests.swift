import PumpCore
import Testing

/// ERI at or below 2600 mV, EOS at or below 2400 mV, 50 mV hysteresis: ERI clears above 2650 mV,
/// EOS falls back to ERI above 2450 mV.
@Suite struct BatteryMonitorTests {
    static let thresholds = BatteryThresholds(electiveReplacementMillivolts: 2600, endOfServiceMillivolts: 2400, hysteresisMillivolts: 50)
    static let t0 = unitFixtureCivil(2026, 11, 21, 8, 0)

    /// Feeds `readings` one minute apart and returns the level after each.
    static func levels(_ readings: [Int64], into monitor: inout BatteryMonitor) -> [BatteryLevel] {
        readings.enumerated().map { i, mV in monitor.record(millivolts: mV, at: t0 + .minutes(Int64(i))) }
    }

    @Test func defaultHysteresisIsFiftyMillivolts() {
        #expect(BatteryThresholds(electiveReplacementMillivolts: 2600, endOfServiceMillivolts: 2400).hysteresisMillivolts == 50)
    }

    @Test func levelFallsFromGoodToEriToEosAtOrBelowEachThreshold() {
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        #expect(monitor.level == .good)
        #expect(Self.levels([2800, 2601, 2600, 2401, 2400], into: &monitor) == [.good, .good, .electiveReplacement, .electiveReplacement, .endOfService])
        #expect(monitor.latestMillivolts == 2400)
    }

    @Test func goodJumpsStraightToEosOnADeepDrop() {
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        #expect(Self.levels([2800, 2300], into: &monitor) == [.good, .endOfService])
    }

    @Test func eriRecoversToGoodOnlyAboveThresholdPlusHysteresis() {
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        // 2600 → ERI; 2601 and 2650 hover within the band: still ERI; 2651 > 2650: good.
        #expect(Self.levels([2600, 2601, 2650, 2651], into: &monitor) == [.electiveReplacement, .electiveReplacement, .electiveReplacement, .good])
    }

    @Test func eosRecoversToEriOnlyAboveThresholdPlusHysteresis() {
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        // 2400 → EOS; 2401 and 2450 stay EOS; 2451 > 2450: ERI; 2650 stays ERI; 2651: good.
        #expect(Self.levels([2400, 2401, 2450, 2451, 2650, 2651], into: &monitor) ==
            [.endOfService, .endOfService, .endOfService, .electiveReplacement, .electiveReplacement, .good])
    }

    @Test func eosRecoversStraightToGoodWithAFreshBattery() {
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        #expect(Self.levels([2350, 3000], into: &monitor) == [.endOfService, .good])
    }

    @Test func predictedElectiveReplacementExtrapolatesALinearFall() throws {
        // 2700 mV falling 1 mV per hour, ten hourly readings: 2600 mV is reached 100 h after the first.
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        for hour in 0..<10 { monitor.record(millivolts: 2700 - Int64(hour), at: Self.t0 + .hours(Int64(hour))) }
        #expect(monitor.level == .good)
        let predicted = try #require(monitor.predictedElectiveReplacement)
        let expected = Self.t0 + .hours(100)
        #expect(abs((predicted - expected).nanoseconds) < TimeSpan.minute.nanoseconds, "predicted \(predicted), expected \(expected)")
    }

    @Test func predictedElectiveReplacementFitsAStepwiseFallThroughItsTrend() throws {
        // 2650, 2647, 2644, 2641 mV at 10-minute spacing: 3 mV per 10 min. 50 mV to go from the
        // first reading: 50 ÷ 3 × 10 min = 166 min 40 s after the first.
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        for (i, mV) in [Int64(2650), 2647, 2644, 2641].enumerated() { monitor.record(millivolts: mV, at: Self.t0 + .minutes(10 * Int64(i))) }
        let predicted = try #require(monitor.predictedElectiveReplacement)
        let expected = Self.t0 + .minutes(166) + .seconds(40)
        #expect(abs((predicted - expected).nanoseconds) < TimeSpan.minute.nanoseconds, "predicted \(predicted), expected \(expected)")
    }

    @Test func noPredictionForAFlatOrRisingSeries() {
        var flat = BatteryMonitor(thresholds: Self.thresholds)
        for hour in 0..<10 { flat.record(millivolts: 2700, at: Self.t0 + .hours(Int64(hour))) }
        #expect(flat.predictedElectiveReplacement == nil)

        var rising = BatteryMonitor(thresholds: Self.thresholds)
        for hour in 0..<10 { rising.record(millivolts: 2700 + Int64(hour), at: Self.t0 + .hours(Int64(hour))) }
        #expect(rising.predictedElectiveReplacement == nil)
    }

    @Test func noPredictionFromReadingsLessThanAMinuteApart() {
        var monitor = BatteryMonitor(thresholds: Self.thresholds)
        #expect(monitor.predictedElectiveReplacement == nil)
        monitor.record(millivolts: 2700, at: Self.t0)
        #expect(monitor.predictedElectiveReplacement == nil)
        monitor.record(millivolts: 2690, at: Self.t0 + .seconds(30))
        #expect(monitor.predictedElectiveReplacement == nil)
    }
}
