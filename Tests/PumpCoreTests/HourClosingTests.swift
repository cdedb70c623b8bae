import PumpCore
import Testing

/// Which hours a session's readings complete, and the state each records (pure).
@Suite struct HourClosingTests {
    static let hour = HourClosing.hourNanoseconds
    /// 2026-11-21 08:00:00 UTC.
    static let eight: Int64 = 1_795_248_000_000_000_000
    static let running = ClosedHour.State(rate: VolumeRate(picolitresPerDay: 500_000_000), reservoir: .nanolitres(9_000), mode: .running, programmed: true)

    static func at(_ nanoseconds: Int64) -> CivilTime { CivilTime(unixNanoseconds: nanoseconds, utcOffsetSeconds: 3_600) }

    @Test func readingsWithinTheSameHourCloseNothing() {
        var hours = HourClosing(openAt: Self.eight + 5)
        #expect(hours.advance(to: Self.at(Self.eight + Self.hour / 2), state: Self.running).isEmpty)
        #expect(hours.advance(to: Self.at(Self.eight + Self.hour - 1), state: Self.running).isEmpty)
        #expect(hours.openHour == Self.eight && hours.closedCount == 0)
    }

    @Test func theFirstReadingInALaterHourClosesThePreviousHourOnceWithItsState() {
        var hours = HourClosing(openAt: Self.eight + 10)
        #expect(!hours.closes(at: Self.eight + Self.hour - 1))
        #expect(hours.closes(at: Self.eight + Self.hour))
        #expect(hours.advance(to: Self.at(Self.eight + Self.hour), state: Self.running) == [Self.eight])
        var stopped = Self.running
        stopped.mode = .stopped(.clinician)
        #expect(hours.advance(to: Self.at(Self.eight + Self.hour + 60_000_000_000), state: stopped).isEmpty)
        #expect(hours.openHour == Self.eight + Self.hour)
        #expect(hours.closed.map(\.state) == [Self.running], "the state as the clock crossed the hour's end, not a later one")
        #expect(hours.closed.first?.closedAt == Self.at(Self.eight + Self.hour))
        #expect(hours.closed(after: 0).map(\.number) == [1] && hours.closed(after: 1).isEmpty)
    }

    @Test func hoursWithoutAReadingCloseWithTheNextOneOldestFirst() {
        var hours = HourClosing(openAt: Self.eight + 10)
        // Nothing from 08:00:00 to 11:20: 08, 09 and 10 are complete.
        #expect(hours.advance(to: Self.at(Self.eight + 3 * Self.hour + Self.hour / 3), state: Self.running)
            == [Self.eight, Self.eight + Self.hour, Self.eight + 2 * Self.hour])
        #expect(hours.closed.map(\.number) == [1, 2, 3])
    }

    @Test func aLongGapClosesAtMostADayOfHours() {
        var hours = HourClosing(openAt: Self.eight)
        let closed = hours.advance(to: Self.at(Self.eight + 100 * Self.hour), state: Self.running)
        #expect(closed.count == HourClosing.maximumHoursPerCrossing)
        #expect(closed.first == Self.eight)
        #expect(hours.openHour == Self.eight + 100 * Self.hour)
    }

    @Test func onlyTheLastHoursClosedAreKept() {
        var hours = HourClosing(openAt: Self.eight)
        for index in 1...100 { hours.advance(to: Self.at(Self.eight + Int64(index) * Self.hour), state: Self.running) }
        #expect(hours.closedCount == 100)
        #expect(hours.closed.count == HourClosing.capacity)
        #expect(hours.closed.first?.number == 100 - Int64(HourClosing.capacity) + 1)
        #expect(hours.closed(after: 98).map(\.number) == [99, 100])
    }

    @Test func aWallClockSetBackClosesNothingAndReopensTheEarlierHour() {
        var hours = HourClosing(openAt: Self.eight + Self.hour + 5)
        #expect(hours.advance(to: Self.at(Self.eight + 10), state: Self.running).isEmpty)
        #expect(hours.openHour == Self.eight)
        #expect(hours.advance(to: Self.at(Self.eight + Self.hour), state: Self.running) == [Self.eight])
    }

    @Test func hourStartsAreWholeUTCHoursBefore1970Too() {
        #expect(HourClosing.hourStart(of: Self.eight + 1) == Self.eight)
        #expect(HourClosing.hourStart(of: -1) == -Self.hour)
        #expect(HourClosing.hourStart(of: 0) == 0)
    }
}
