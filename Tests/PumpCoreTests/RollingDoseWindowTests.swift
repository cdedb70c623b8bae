import PumpCore
import Testing

@Suite struct RollingDoseWindowTests {
    /// Minute 0 of these tests sits 1000 minutes after the monotonic origin (not a multiple of the
    /// 1440 buckets, so the ring wraps mid-test).
    static func at(minute: Int64, second: Int64 = 0) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: (1_000 + minute) * 60_000_000_000 + second * 1_000_000_000)
    }

    /// 100 µg at minute 0, 50 µg at minute 30, 25 µg at minute 90.
    static func threeDoses() -> RollingDoseWindow {
        var window = RollingDoseWindow(at: at(minute: 0))
        window.record(.micrograms(100), at: at(minute: 0, second: 5))
        window.record(.micrograms(50), at: at(minute: 30, second: 59))
        window.record(.micrograms(25), at: at(minute: 90))
        return window
    }

    @Test func emptyWindowHasDeliveredNothing() {
        let window = RollingDoseWindow(at: Self.at(minute: 0))
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 0)) == .zero)
    }

    @Test func totalsCountOnlyMinutesWithinTheSpan() {
        let window = Self.threeDoses()
        let now = Self.at(minute: 90, second: 10)
        // Windows round outward by the current minute: the last hour is minutes 30 … 90: 50 + 25.
        #expect(window.delivered(within: .hours(1), before: now) == .micrograms(75))
        // 59 minutes = minutes 32 … 90: only the 25 µg.
        #expect(window.delivered(within: .minutes(59), before: now) == .micrograms(25))
        // Two hours and 24 hours reach back past minute 0: 100 + 50 + 25.
        #expect(window.delivered(within: .hours(2), before: now) == .micrograms(175))
        #expect(window.delivered(within: .days(1), before: now) == .micrograms(175))
    }

    @Test func dosesInTheSameMinuteAddUp() {
        var window = RollingDoseWindow(at: Self.at(minute: 0))
        window.record(.nanograms(333), at: Self.at(minute: 5, second: 1))
        window.record(.nanograms(333), at: Self.at(minute: 5, second: 30))
        window.record(.nanograms(334), at: Self.at(minute: 5, second: 59))
        #expect(window.delivered(within: .minutes(1), before: Self.at(minute: 5, second: 59)) == .nanograms(1_000))
    }

    @Test func partialMinuteSpanRoundsOutToWholeMinutesPlusTheCurrentOne() {
        var window = RollingDoseWindow(at: Self.at(minute: 0))
        window.record(.micrograms(7), at: Self.at(minute: 8))
        window.record(.micrograms(3), at: Self.at(minute: 9))
        // 90 s rounds up to 2 whole minutes plus the current one: 7, 8 and 9.
        #expect(window.delivered(within: .seconds(90), before: Self.at(minute: 9, second: 1)) == .micrograms(10))
        // 30 s: minutes 8 and 9 (a dose at 8:59 may be less than 60 s old at 9:01).
        #expect(window.delivered(within: .seconds(30), before: Self.at(minute: 9, second: 1)) == .micrograms(10))
        // Nothing before minute 8 counts in 30 s.
        #expect(window.delivered(within: .seconds(30), before: Self.at(minute: 10, second: 1)) == .micrograms(3))
    }

    @Test func minutesOlderThanTwentyFourHoursExpire() {
        let window = Self.threeDoses()
        // At minute 1440 the day is minutes 0 … 1440 (outward): minute 0 still counts.
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 1440)) == .micrograms(175))
        // At minute 1441 it has expired: minutes 1 … 1441 hold 50 + 25.
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 1441)) == .micrograms(75))
        // At minute 1531 (24 h and a minute after minute 90) nothing is left.
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 1530)) == .micrograms(25))
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 1531)) == .zero)
    }

    @Test func spansLongerThanADayAreCappedAtADay() {
        let window = Self.threeDoses()
        #expect(window.delivered(within: .days(2), before: Self.at(minute: 1441)) == .micrograms(75))
    }

    @Test func recordingAfterALongGapClearsStaleBuckets() {
        var window = RollingDoseWindow(at: Self.at(minute: 0))
        window.record(.micrograms(100), at: Self.at(minute: 0))
        // Minute 2880 is two days later and lands in minute 0's bucket: the 100 µg must be gone.
        window.record(.micrograms(10), at: Self.at(minute: 2880))
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 2880)) == .micrograms(10))
        // A gap of over a week clears everything too.
        window.record(.micrograms(1), at: Self.at(minute: 2880 + 10_000))
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 2880 + 10_000)) == .micrograms(1))
    }

    @Test func recordingADayAndAMinuteLaterReusesOnlyTheExpiredBucket() {
        var window = RollingDoseWindow(at: Self.at(minute: 0))
        window.record(.micrograms(100), at: Self.at(minute: 0))
        window.record(.micrograms(20), at: Self.at(minute: 1439))
        // Minutes 0 … 1439 are all within the day.
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 1439)) == .micrograms(120))
        // Minute 1441 takes minute 0's bucket: 20 + 5, and the running day total agrees.
        window.record(.micrograms(5), at: Self.at(minute: 1441))
        #expect(window.delivered(within: .days(1), before: Self.at(minute: 1441)) == .micrograms(25))
        #expect(window.lastDay == .micrograms(25))
        #expect(window.lastHour == .micrograms(25))
    }

    @Test func queryingAnEarlierInstantCountsOnlyMinutesUpToIt() {
        let window = Self.threeDoses()
        // The hour up to minute 40 is minutes -19 … 40: 100 + 50.
        #expect(window.delivered(within: .hours(1), before: Self.at(minute: 40)) == .micrograms(150))
    }

    @Test func windowStartedBeforeTheMonotonicOriginRecordsWithoutTrapping() async {
        // MonotonicInstant counts from an arbitrary origin, so a virtual clock may start below zero.
        await #expect(processExitsWith: .success) {
            var window = RollingDoseWindow(at: MonotonicInstant(nanoseconds: -90 * 60_000_000_000))
            window.record(.micrograms(10), at: MonotonicInstant(nanoseconds: -90 * 60_000_000_000))
            window.record(.micrograms(5), at: MonotonicInstant(nanoseconds: -30 * 60_000_000_000))
            let total = window.delivered(within: .hours(2), before: MonotonicInstant(nanoseconds: -30 * 60_000_000_000))
            guard total == .micrograms(15) else { fatalError("expected 15 µg, got \(total)") }
        }
    }
}
