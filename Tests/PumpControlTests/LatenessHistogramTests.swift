import PumpControl
import PumpTestKit
import Testing

/// The loop's lateness histogram reports what a sorted list of the same wakes would, within its
/// documented resolution: exact below 2048 ns, else at most 1/1024 above, never above the maximum.
@Suite struct LatenessHistogramTests {
    /// The value at `percentile` of `sorted` as HdrHistogram ranks it: the smallest rank covering
    /// the percentile, at least the first.
    static func reference(_ sorted: [UInt64], _ percentile: UInt64) -> UInt64 {
        let rank = max(1, (UInt64(sorted.count) * percentile + 99) / 100)
        return sorted[Int(rank) - 1]
    }

    static func expectWithinResolution(_ reported: UInt64, of exact: UInt64, max: UInt64, seed: UInt64) {
        #expect(reported >= exact, "seed \(seed)")
        #expect(reported - exact <= exact / 1024, "seed \(seed): \(reported) for \(exact)")
        #expect(reported <= max, "seed \(seed)")
    }

    @Test(arguments: [1, 2, 3, 99, 100, 101, 1000, 12345])
    func percentilesMatchASortedReferenceWithinResolution(count: Int) {
        for seed in UInt64(1)...40 {
            var random = SplitMix64(seed: seed &* 7919 &+ UInt64(count))
            let histogram = LatenessHistogram()
            var values: [UInt64] = []
            for _ in 0..<count {
                // Log-uniform from 1 ns to ~17 s: every bucket width the loop meets.
                let exponent = UInt64.random(in: 0...34, using: &random)
                let value = UInt64.random(in: 0...(UInt64(1) << exponent), using: &random)
                values.append(value)
                histogram.record(value)
            }
            values.sort()
            let summary = histogram.summary()
            #expect(summary.wakes == UInt64(count), "seed \(seed)")
            #expect(summary.max == values.last!, "seed \(seed)")
            Self.expectWithinResolution(summary.p50, of: Self.reference(values, 50), max: values.last!, seed: seed)
            Self.expectWithinResolution(summary.p99, of: Self.reference(values, 99), max: values.last!, seed: seed)
        }
    }

    @Test func latenessBelow2048NanosecondsIsExact() {
        let histogram = LatenessHistogram()
        for value in UInt64(0)..<2048 { histogram.record(value) }
        let summary = histogram.summary()
        #expect(summary == LatenessSummary(wakes: 2048, p50: 1023, p99: 2027, max: 2047))
    }

    @Test func aPercentileIsTheHighestValueOfItsBucketCappedAtTheMaximum() {
        let histogram = LatenessHistogram()
        // 100 wakes 50 µs late (bucket [49_984, 50_015]) and one at 3_000_001 ns.
        for _ in 0..<100 { histogram.record(50_000) }
        histogram.record(3_000_001)
        let summary = histogram.summary()
        #expect(summary == LatenessSummary(wakes: 101, p50: 50_015, p99: 50_015, max: 3_000_001))
        let alone = LatenessHistogram()
        alone.record(50_000)
        #expect(alone.summary() == LatenessSummary(wakes: 1, p50: 50_000, p99: 50_000, max: 50_000))
    }

    @Test func wakesBeyondTheRangeAreCountedAndTheMaximumStaysExact() {
        let histogram = LatenessHistogram()
        histogram.record(10_000)
        histogram.record(90_000_000_000)  // 90 s: beyond the 68.7 s the buckets cover
        histogram.record(UInt64.max)
        let summary = histogram.summary()
        #expect(summary.wakes == 3)
        #expect(summary.max == UInt64.max)
        #expect(summary.p50 == (UInt64(1) << 36) - 1)
        #expect(summary.p99 == (UInt64(1) << 36) - 1)
    }

    @Test func noWakesSummariseAsZero() {
        #expect(LatenessHistogram().summary() == LatenessSummary(wakes: 0, p50: 0, p99: 0, max: 0))
    }
}
