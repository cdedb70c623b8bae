import PumpCore
import Testing

/// Expected day counts and weekdays were computed independently of PumpCore (Python's
/// `datetime.date(y, m, d) - date(1970, 1, 1)` and `strftime('%A')`), and spot-checked by hand:
/// 1970-01-01 is day 0, a Thursday; 2024-02-29 is 54 years later, 54 × 365 + 13 leap days
/// (1972 … 2020) + 31 + 28 = 19 782.
@Suite struct CivilTimeTests {
    static let nanosPerSecond: Int64 = 1_000_000_000

    @Test func epochIsThursdayMidnight() {
        let epoch = CivilTime(unixNanoseconds: 0)
        #expect(epoch.weekday == .thursday)
        #expect(epoch.timeOfDay == .midnight)
        #expect(epoch.description == "1970-01-01T00:00:00+00:00")
    }

    @Test func positiveOffsetPutsLocalTimeOnTheNextDayAfterUTC() {
        // 2026-11-21T00:30+01:00 is 2026-11-20T23:30Z = 20 778 days × 86 400 s − 1800 s = 1 795 217 400 s.
        let unix: Int64 = 1_795_217_400 * Self.nanosPerSecond
        let local = CivilTime(unixNanoseconds: unix, utcOffsetSeconds: 3600)
        #expect(local.weekday == .saturday)
        #expect(local.timeOfDay == TimeOfDay(hour: 0, minute: 30)!)
        #expect(local.description == "2026-11-21T00:30:00+01:00")

        let utc = CivilTime(unixNanoseconds: unix)
        #expect(utc.weekday == .friday)
        #expect(utc.timeOfDay == TimeOfDay(hour: 23, minute: 30)!)
        #expect(utc.description == "2026-11-20T23:30:00+00:00")
    }

    @Test func negativeOffsetPutsLocalTimeOnThePreviousDayBeforeUTC() {
        // 2026-03-02T02:00Z (a Monday) = 20 514 days × 86 400 s + 7200 s = 1 772 416 800 s;
        // at −05:00 that is Sunday 2026-03-01 21:00.
        let unix: Int64 = 1_772_416_800 * Self.nanosPerSecond
        let local = CivilTime(unixNanoseconds: unix, utcOffsetSeconds: -5 * 3600)
        #expect(local.weekday == .sunday)
        #expect(local.timeOfDay == TimeOfDay(hour: 21, minute: 0)!)
        #expect(local.description == "2026-03-01T21:00:00-05:00")
        #expect(CivilTime(unixNanoseconds: unix).weekday == .monday)
    }

    @Test func descriptionShowsHalfHourOffsetsAndSeconds() {
        // 2026-11-20T23:30:15Z at +05:30 is 2026-11-21T05:00:15 local; at −03:30 it is 20:00:15.
        let unix: Int64 = (1_795_217_400 + 15) * Self.nanosPerSecond
        #expect(CivilTime(unixNanoseconds: unix, utcOffsetSeconds: 19_800).description == "2026-11-21T05:00:15+05:30")
        #expect(CivilTime(unixNanoseconds: unix, utcOffsetSeconds: -12_600).description == "2026-11-20T20:00:15-03:30")
        #expect(CivilTime(unixNanoseconds: unix, utcOffsetSeconds: 19_800).timeOfDay == TimeOfDay(hour: 5, minute: 0, second: 15)!)
    }

    @Test func timeOfDayAndWeekdayBeforeTheEpochUseFlooredDays() {
        // −30 s is 1969-12-31T23:59:30Z, a Wednesday (truncating division would say Thursday 00:00).
        let t = CivilTime(unixNanoseconds: -30 * Self.nanosPerSecond)
        #expect(t.weekday == .wednesday)
        #expect(t.timeOfDay == TimeOfDay(hour: 23, minute: 59, second: 30)!)
        #expect(t.description == "1969-12-31T23:59:30+00:00")
        // −1 ns is still the last nanosecond of 1969-12-31.
        #expect(CivilTime(unixNanoseconds: -1).timeOfDay == TimeOfDay(hour: 23, minute: 59, second: 59)!)
    }

    @Test(arguments: [
        (Int64(1970), Int64(1), Int64(1), Int64(0), Weekday.thursday),
        (2024, 2, 29, 19_782, .thursday),
        (2024, 3, 1, 19_783, .friday),
        (2000, 2, 29, 11_016, .tuesday),
        (2026, 11, 21, 20_778, .saturday),
        (2100, 2, 28, 47_540, .sunday),
        (2100, 3, 1, 47_541, .monday),  // 2100 is not a leap year
        (1969, 12, 31, -1, .wednesday),
        (1960, 2, 29, -3_594, .monday),
        (1900, 3, 1, -25_508, .thursday),  // 1900 is not a leap year
        (1700, 2, 28, -98_557, .sunday),
        (1700, 3, 1, -98_556, .monday),
    ])
    func daysSinceEpochMatchesIndependentlyComputedCountsAndRoundTrips(
        year: Int64, month: Int64, day: Int64, expectedDays: Int64, expectedWeekday: Weekday
    ) {
        let days = CivilTime.daysSinceEpoch(year: year, month: month, day: day)
        #expect(days == expectedDays)
        // Back from the day count to the calendar date (via the ISO description) and the weekday.
        let midnight = CivilTime(unixNanoseconds: days * 86_400 * Self.nanosPerSecond)
        let mm = month < 10 ? "0\(month)" : "\(month)"
        let dd = day < 10 ? "0\(day)" : "\(day)"
        #expect(midnight.description == "\(year)-\(mm)-\(dd)T00:00:00+00:00")
        #expect(midnight.weekday == expectedWeekday)
        #expect(midnight.timeOfDay == .midnight)
    }

    @Test func leapDayIsFollowedByMarchFirstAndNonLeapCenturiesSkipIt() {
        #expect(CivilTime.daysSinceEpoch(year: 2024, month: 3, day: 1) - CivilTime.daysSinceEpoch(year: 2024, month: 2, day: 28) == 2)
        #expect(CivilTime.daysSinceEpoch(year: 2000, month: 3, day: 1) - CivilTime.daysSinceEpoch(year: 2000, month: 2, day: 28) == 2)
        #expect(CivilTime.daysSinceEpoch(year: 2100, month: 3, day: 1) - CivilTime.daysSinceEpoch(year: 2100, month: 2, day: 28) == 1)
        #expect(CivilTime.daysSinceEpoch(year: 1900, month: 3, day: 1) - CivilTime.daysSinceEpoch(year: 1900, month: 2, day: 28) == 1)
        // 2024-02-28 + 1 day shows as the leap day itself.
        let feb28 = CivilTime(unixNanoseconds: CivilTime.daysSinceEpoch(year: 2024, month: 2, day: 28) * 86_400 * Self.nanosPerSecond)
        #expect((feb28 + .days(1)).description == "2024-02-29T00:00:00+00:00")
        #expect((feb28 + .days(2)).description == "2024-03-01T00:00:00+00:00")
    }

    @Test func everyDayOfTwoYearsRoundTripsThroughTheDescription() {
        // 2023-01-01 … 2024-12-31 walked one day at a time: the description must count calendar days
        // exactly as daysSinceEpoch does, and weekdays must cycle.
        let monthLengths2023: [Int64] = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        let monthLengths2024: [Int64] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31]
        var expectedDays = CivilTime.daysSinceEpoch(year: 2023, month: 1, day: 1)
        #expect(expectedDays == 19_358)  // 2024-02-29 (19 782) − 365 − 31 − 28, i.e. 424 days earlier
        var weekday = Weekday.sunday  // 2023-01-01 was a Sunday
        for (year, lengths) in [(Int64(2023), monthLengths2023), (2024, monthLengths2024)] {
            for (index, length) in lengths.enumerated() {
                let month = Int64(index + 1)
                for day in 1...length {
                    #expect(CivilTime.daysSinceEpoch(year: year, month: month, day: day) == expectedDays)
                    let time = CivilTime(unixNanoseconds: expectedDays * 86_400 * Self.nanosPerSecond + 12 * 3600 * Self.nanosPerSecond)
                    let mm = month < 10 ? "0\(month)" : "\(month)", dd = day < 10 ? "0\(day)" : "\(day)"
                    #expect(time.description == "\(year)-\(mm)-\(dd)T12:00:00+00:00")
                    #expect(time.weekday == weekday)
                    expectedDays += 1
                    weekday = weekday.next
                }
            }
        }
    }

    @Test func weekdayNextWrapsFromSundayToMonday() {
        #expect(Weekday.sunday.next == .monday)
        #expect(Weekday.monday.next == .tuesday)
        #expect(Weekday.monday.rawValue == 1)
        #expect(Weekday.sunday.rawValue == 7)
    }

    @Test func addingASpanKeepsTheOffsetAndSubtractingGivesTheSpan() {
        let a = CivilTime(unixNanoseconds: 1_795_217_400 * Self.nanosPerSecond, utcOffsetSeconds: 3600)
        let b = a + .hours(25)
        #expect(b.utcOffsetSeconds == 3600)
        #expect(b - a == .hours(25))
        #expect(b.description == "2026-11-22T01:30:00+01:00")
        #expect(b.weekday == .sunday)
        #expect(a < b)
    }

    @Test func rfc3339FractionsFinerThanANanosecondAreTruncated() {
        let whole = CivilTime(rfc3339: "2026-11-21T08:30:00+01:00")!
        #expect(CivilTime(rfc3339: "2026-11-21T08:30:00.5+01:00")?.unixNanoseconds == whole.unixNanoseconds + 500_000_000)
        #expect(CivilTime(rfc3339: "2026-11-21T08:30:00.123456789+01:00")?.unixNanoseconds == whole.unixNanoseconds + 123_456_789)
        #expect(CivilTime(rfc3339: "2026-11-21T08:30:00.1234567891+01:00")?.unixNanoseconds == whole.unixNanoseconds + 123_456_789)
        #expect(CivilTime(rfc3339: "2026-11-21T08:30:00.999999999999999999999999+01:00")?.unixNanoseconds == whole.unixNanoseconds + 999_999_999)
        #expect(CivilTime(rfc3339: "2026-11-21T08:30:00.+01:00") == nil)
    }

    @Test func timeOfDayRejectsOutOfRangeFields() {
        #expect(TimeOfDay(hour: 24, minute: 0) == nil)
        #expect(TimeOfDay(hour: 23, minute: 60) == nil)
        #expect(TimeOfDay(hour: -1, minute: 0) == nil)
        #expect(TimeOfDay(hour: 0, minute: 0, second: 60) == nil)
        #expect(TimeOfDay(hour: 23, minute: 59, second: 59)?.secondsSinceMidnight == 86_399)
        #expect(TimeOfDay(hour: 7, minute: 5)?.description == "07:05")
        #expect(TimeOfDay(hour: 7, minute: 5, second: 9)?.description == "07:05:09")
    }
}
