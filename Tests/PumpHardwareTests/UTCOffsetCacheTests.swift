@testable import PumpHardware
import Synchronization
import Testing

/// The system clock converts to local time once per whole second, and still gives every second
/// the offset the zone has there: across a transition, and when the wall clock steps back.
@Suite struct UTCOffsetCacheTests {
    /// A zone one hour ahead of UTC until `transition`, two hours from it on; counts conversions.
    final class SummerTimeZone: Sendable {
        static let transition: Int64 = 1_774_832_400  // 2026-03-29 01:00:00 UTC
        let conversions = Atomic<Int>(0)
        func offset(_ second: Int64) -> Int32 {
            conversions.add(1, ordering: .relaxed)
            return second < Self.transition ? 3600 : 7200
        }
    }

    @Test func everySecondGetsItsZonesOffsetAcrossATransitionAndBackwardSteps() {
        let zone = SummerTimeZone()
        let cache = UTCOffsetCache { zone.offset($0) }
        let t = SummerTimeZone.transition
        // Ten reads a second, forward over the transition, then the wall clock stepped back.
        let seconds = [t - 2, t - 1, t, t + 1, t - 1, t, t - 3600, t + 86_400 * 200]
        for second in seconds {
            for _ in 0..<10 {
                #expect(cache.offset(atUnixSeconds: second) == (second < t ? 3600 : 7200))
            }
        }
        // One conversion per second read anew, not one per read.
        #expect(zone.conversions.load(ordering: .relaxed) == seconds.count)
    }

    @Test func offsetsBeyondThePackableRangeAreConvertedEveryTime() {
        let conversions = Atomic<Int>(0)
        let cache = UTCOffsetCache { _ in conversions.add(1, ordering: .relaxed); return 7 * 86_400 }
        for _ in 0..<3 { #expect(cache.offset(atUnixSeconds: 5) == 7 * 86_400) }
        #expect(conversions.load(ordering: .relaxed) == 3)
    }

    @Test func theSystemClocksOffsetIsTheProcessZonesForThatSecond() {
        let reading = SystemClock().now()
        let second = reading.wall.unixNanoseconds / 1_000_000_000
        #expect(reading.wall.utcOffsetSeconds == UTCOffsetCache.localOffset(atUnixSeconds: second))
    }
}
