@testable import PumpCore
import PumpTestKit
import Testing

/// The running totals `rollForward` keeps equal, at every instant, the totals re-summed from every
/// dose recorded (the reference below keeps them all and sums on each question).
@Suite struct RollingDoseWindowRunningSumTests {
    /// Every dose by the minute it was counted in; the windows re-summed on each question.
    struct ReSummingReference {
        var doses: [Int64: Int64] = [:]
        var latestMinute: Int64

        init(minute: Int64) { latestMinute = minute }

        mutating func roll(to minute: Int64) { latestMinute = max(latestMinute, minute) }

        mutating func record(_ nanograms: Int64, at minute: Int64) {
            roll(to: minute)
            doses[latestMinute, default: 0] += nanograms
        }

        func total(minutes: Int64) -> Int64 {
            doses.filter { $0.key > latestMinute - minutes && $0.key <= latestMinute }.values.reduce(0, +)
        }
    }

    static func instant(minute: Int64, second: Int64) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: minute * 60_000_000_000 + second * 1_000_000_000)
    }

    @Test(arguments: [UInt64(1), 2, 3, 13, 1_440, 0xDEAD_BEEF])
    func runningTotalsEqualTheReSummedTotalsOverRandomDoseSequences(seed: UInt64) {
        var random = SplitMix64(seed: seed)
        let start = Int64(random.next() % 5_000) - 2_500  // either side of the monotonic origin
        var window = RollingDoseWindow(at: Self.instant(minute: start, second: 0))
        var reference = ReSummingReference(minute: start)
        var minute = start
        for event in 0..<4_000 {
            // Mostly small steps, some across the hour and the day, a few far beyond a day.
            switch random.next() % 10 {
            case 0..<6: minute += Int64(random.next() % 3)
            case 6..<8: minute += Int64(random.next() % 90)
            case 8: minute += Int64(random.next() % 1_500)
            default: minute += Int64(random.next() % 4_000)
            }
            let at = Self.instant(minute: minute, second: Int64(random.next() % 60))
            if random.next() % 3 == 0 {
                window.rollForward(to: at)
                reference.roll(to: minute)
            } else {
                let nanograms = Int64(random.next() % 1_000_000)
                window.record(.nanograms(nanograms), at: at)
                reference.record(nanograms, at: minute)
            }
            #expect(window.lastHour.nanograms == reference.total(minutes: 61), "seed \(seed), event \(event)")
            #expect(window.lastDay.nanograms == reference.total(minutes: 1_441), "seed \(seed), event \(event)")
            #expect(window.delivered(within: .days(1), before: at) == window.lastDay)
            if window.lastDay.nanograms != reference.total(minutes: 1_441) { return }
        }
    }

    @Test func runningTotalsEqualTheReSummedTotalsAfterARestore() {
        let doses: [(ageMinutes: Int64, nanograms: Int64)] = [(0, 5), (3, 7), (60, 11), (61, 13), (1_439, 17), (1_440, 19), (1_441, 23)]
        var window = RollingDoseWindow(at: Self.instant(minute: 10_000, second: 0), restoring: doses)
        var reference = ReSummingReference(minute: 10_000)
        for dose in doses where dose.ageMinutes < 1_441 { reference.doses[10_000 - dose.ageMinutes, default: 0] += dose.nanograms }
        for minute in Int64(10_000)...11_500 {
            window.rollForward(to: Self.instant(minute: minute, second: 30))
            reference.roll(to: minute)
            #expect(window.lastHour.nanograms == reference.total(minutes: 61), "minute \(minute)")
            #expect(window.lastDay.nanograms == reference.total(minutes: 1_441), "minute \(minute)")
        }
    }
}
