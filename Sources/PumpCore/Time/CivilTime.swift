/// A wall-clock reading in local time: UTC nanoseconds since the Unix epoch plus the UTC offset in
/// force at that instant.
///
/// The core never consults a time-zone database; whoever reads the clock supplies the offset, so a
/// daylight-saving change arrives as an ordinary wall-clock jump.
public struct CivilTime: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var unixNanoseconds: Int64
    public var utcOffsetSeconds: Int32

    public init(unixNanoseconds: Int64, utcOffsetSeconds: Int32 = 0) {
        self.unixNanoseconds = unixNanoseconds
        self.utcOffsetSeconds = utcOffsetSeconds
    }

    /// Nanoseconds since the epoch on the local calendar (UTC shifted by the offset).
    var localNanoseconds: Int64 { unixNanoseconds + Int64(utcOffsetSeconds) * 1_000_000_000 }

    var localDaysSinceEpoch: Int64 { WideArithmetic.multiplyDivide(localNanoseconds, 1, TimeSpan.day.nanoseconds) }

    /// Nanoseconds since local midnight.
    var nanosecondsIntoDay: Int64 { localNanoseconds - localDaysSinceEpoch * TimeSpan.day.nanoseconds }

    public var timeOfDay: TimeOfDay { TimeOfDay(secondsSinceMidnight: Int32(nanosecondsIntoDay / 1_000_000_000)) }
    public var weekday: Weekday { Weekday.ofDaysSinceEpoch(localDaysSinceEpoch) }

    public static func + (lhs: CivilTime, rhs: TimeSpan) -> CivilTime {
        CivilTime(unixNanoseconds: lhs.unixNanoseconds + rhs.nanoseconds, utcOffsetSeconds: lhs.utcOffsetSeconds)
    }
    public static func - (lhs: CivilTime, rhs: CivilTime) -> TimeSpan {
        TimeSpan(nanoseconds: lhs.unixNanoseconds - rhs.unixNanoseconds)
    }
    public static func < (lhs: CivilTime, rhs: CivilTime) -> Bool { lhs.unixNanoseconds < rhs.unixNanoseconds }

    /// ISO 8601 local date and time with offset, e.g. `2026-11-21T08:30:00+01:00`.
    public var description: String {
        let (y, mo, d) = CivilTime.civilDate(fromDaysSinceEpoch: localDaysSinceEpoch)
        let secs = nanosecondsIntoDay / 1_000_000_000
        func two(_ v: Int64) -> String { v < 10 ? "0\(v)" : "\(v)" }
        let off = abs(Int64(utcOffsetSeconds))
        let sign = utcOffsetSeconds < 0 ? "-" : "+"
        return "\(y)-\(two(mo))-\(two(d))T\(two(secs / 3600)):\(two(secs / 60 % 60)):\(two(secs % 60))"
            + "\(sign)\(two(off / 3600)):\(two(off / 60 % 60))"
    }

    /// Proleptic Gregorian date of a day count (Howard Hinnant's days-to-civil algorithm).
    static func civilDate(fromDaysSinceEpoch days: Int64) -> (year: Int64, month: Int64, day: Int64) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }

    /// Days since the epoch of a proleptic Gregorian date (inverse of `civilDate`).
    public static func daysSinceEpoch(year: Int64, month: Int64, day: Int64) -> Int64 {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = month > 2 ? month - 3 : month + 9
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }
}

extension CivilTime {
    /// Parses `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`; nil for anything else.
    public init?(rfc3339 text: String) {
        let bytes = Array(text.utf8)
        func number(_ range: Range<Int>) -> Int64? {
            guard range.upperBound <= bytes.count, range.allSatisfy({ (48...57).contains(bytes[$0]) }) else { return nil }
            return range.reduce(Int64(0)) { $0 * 10 + Int64(bytes[$1] - 48) }
        }
        guard bytes.count >= 20, bytes[4] == 45, bytes[7] == 45, bytes[10] == 84 || bytes[10] == 116, bytes[13] == 58, bytes[16] == 58,
            let year = number(0..<4), let month = number(5..<7), let day = number(8..<10), let hour = number(11..<13),
            let minute = number(14..<16), let second = number(17..<19),
            (1...12).contains(month), (1...31).contains(day), hour < 24, minute < 60, second < 60
        else { return nil }
        var index = 19
        var fraction: Int64 = 0
        if index < bytes.count, bytes[index] == 46 {
            index += 1
            var digits = 0
            while index < bytes.count, (48...57).contains(bytes[index]) {
                if digits < 9 { fraction = fraction * 10 + Int64(bytes[index] - 48) }
                digits += 1
                index += 1
            }
            guard digits > 0 else { return nil }
            // Digits past the nanosecond are dropped (RFC 3339 puts no bound on their number).
            for _ in min(digits, 9)..<9 { fraction *= 10 }
        }
        var offset: Int64 = 0
        if index < bytes.count, bytes[index] == 90 || bytes[index] == 122 {
            index += 1
        } else if index + 6 == bytes.count, bytes[index] == 43 || bytes[index] == 45, bytes[index + 3] == 58,
            let hours = number((index + 1)..<(index + 3)), let minutes = number((index + 4)..<(index + 6)), hours < 24, minutes < 60
        {
            offset = (hours * 3600 + minutes * 60) * (bytes[index] == 45 ? -1 : 1)
            index += 6
        } else {
            return nil
        }
        guard index == bytes.count else { return nil }
        let days = CivilTime.daysSinceEpoch(year: year, month: month, day: day)
        let local = ((days * 24 + hour) * 60 + minute) * 60 + second
        let (seconds, overflow) = (local - offset).multipliedReportingOverflow(by: 1_000_000_000)
        guard !overflow, seconds <= Int64.max - fraction else { return nil }
        self.init(unixNanoseconds: seconds + fraction, utcOffsetSeconds: Int32(offset))
    }
}
