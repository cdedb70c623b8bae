import PumpService
import Testing

/// Which hours successive checkpoint saves complete (pure).
@Suite struct HourClosingTests {
    static let hour = HourClosing.hourNanoseconds
    /// 2026-11-21 08:00:00 UTC.
    static let eight: Int64 = 1_795_248_000_000_000_000

    @Test func savesWithinTheSameHourCloseNothing() {
        var hours = HourClosing(lastSaveAt: Self.eight + 5)
        #expect(hours.save(at: Self.eight + Self.hour / 2).isEmpty)
        #expect(hours.save(at: Self.eight + Self.hour - 1).isEmpty)
        #expect(hours.openHour == Self.eight)
    }

    @Test func theFirstSaveInALaterHourClosesThePreviousHourExactlyOnce() {
        var hours = HourClosing(lastSaveAt: Self.eight + 10)
        #expect(!hours.closes(at: Self.eight + Self.hour - 1))
        #expect(hours.closes(at: Self.eight + Self.hour))
        #expect(hours.save(at: Self.eight + Self.hour) == [Self.eight])
        #expect(hours.save(at: Self.eight + Self.hour + 60_000_000_000).isEmpty)
        #expect(hours.openHour == Self.eight + Self.hour)
    }

    @Test func hoursWithoutASaveCloseWithTheNextSaveOldestFirst() {
        var hours = HourClosing(lastSaveAt: Self.eight + 10)
        // Down from 08:00:00 to 11:20: 08, 09 and 10 are complete.
        #expect(hours.save(at: Self.eight + 3 * Self.hour + Self.hour / 3) == [Self.eight, Self.eight + Self.hour, Self.eight + 2 * Self.hour])
    }

    @Test func aLongGapClosesAtMostADayOfHours() {
        var hours = HourClosing(lastSaveAt: Self.eight)
        let closed = hours.save(at: Self.eight + 100 * Self.hour)
        #expect(closed.count == HourClosing.maximumHoursPerSave)
        #expect(closed.first == Self.eight)
        #expect(hours.openHour == Self.eight + 100 * Self.hour)
    }

    @Test func aWallClockSetBackClosesNothingAndReopensTheEarlierHour() {
        var hours = HourClosing(lastSaveAt: Self.eight + Self.hour + 5)
        #expect(hours.save(at: Self.eight + 10).isEmpty)
        #expect(hours.openHour == Self.eight)
        #expect(hours.save(at: Self.eight + Self.hour) == [Self.eight])
    }

    @Test func hourStartsAreWholeUTCHoursBefore1970Too() {
        #expect(HourClosing.hourStart(of: Self.eight + 1) == Self.eight)
        #expect(HourClosing.hourStart(of: -1) == -Self.hour)
        #expect(HourClosing.hourStart(of: 0) == 0)
    }
}
