import PumpCore

/// The fields of a written date and time, as one scanner reads them for every time form pumpctl
/// accepts: `2026-12-04`, `2026-12-04 11:00`, `2026-12-04T11:00:30.5+01:00`, `11:00`, `… UTC`.
///
/// Scanning checks the calendar (month, day of month, leap years, hour < 24, minute and second
/// < 60) but not what the text means: `RFC3339` and `TimeArgument` decide which forms they take.
struct DateTimeText: Hashable, Sendable {
    /// Days since 1970-01-01 of the written date; nil when only a time was written.
    var days: Int64?
    /// Nanoseconds into the written day; nil when only a date was written.
    var nanosecondsIntoDay: Int64?
    /// Whether the time had seconds (RFC 3339 requires them).
    var hasSeconds = false
    /// The written UTC offset in seconds (`Z` and `UTC` are 0); nil for a local time.
    var offsetSeconds: Int32?
    /// Whether the offset was written the RFC 3339 way (`Z` or `±HH:MM` right after the time).
    var offsetIsStrict = false

    /// The fields of `text`, or nil when it is none of the forms or names an impossible date or time.
    static func scan(_ text: String) -> DateTimeText? {
        var scanner = Scanner(bytes: Array(text.utf8))
        var result = DateTimeText()
        if scanner.peek(at: 4) == UInt8(ascii: "-") {
            guard let year = scanner.number(4), scanner.expect("-"), let month = scanner.number(2), scanner.expect("-"),
                let day = scanner.number(2), (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year)
            else { return nil }
            result.days = CivilTime.daysSinceEpoch(year: year, month: month, day: day)
            if scanner.atEnd { return result }
            guard scanner.expect("Tt ") else { return nil }
        }
        guard let hour = scanner.number(2), scanner.expect(":"), let minute = scanner.number(2), hour < 24, minute < 60 else {
            return nil
        }
        var seconds: Int64 = 0
        var nanoseconds: Int64 = 0
        if scanner.expect(":") {
            guard let second = scanner.number(2), second < 60 else { return nil }
            seconds = second
            result.hasSeconds = true
            if scanner.expect(".") {
                guard let fraction = scanner.fraction() else { return nil }
                nanoseconds = fraction
            }
        }
        result.nanosecondsIntoDay = ((hour * 60 + minute) * 60 + seconds) * 1_000_000_000 + nanoseconds
        if scanner.atEnd { return result }
        let spaced = scanner.expect(" ")
        if scanner.expectWord("UTC") || scanner.expect("Zz") {
            result.offsetSeconds = 0
        } else {
            guard let sign = scanner.sign(), let offsetHours = scanner.number(2), scanner.expect(":"),
                let offsetMinutes = scanner.number(2), offsetHours < 24, offsetMinutes < 60
            else { return nil }
            result.offsetSeconds = Int32(sign * (offsetHours * 3_600 + offsetMinutes * 60))
        }
        result.offsetIsStrict = !spaced && scanner.lastWasStrictOffset
        return scanner.atEnd ? result : nil
    }

    /// Unix nanoseconds of a local day and time at `offsetSeconds`; nil outside what Int64
    /// nanoseconds hold (years 1677 to 2262).
    static func unixNanoseconds(days: Int64, nanosecondsIntoDay: Int64, offsetSeconds: Int32) -> Int64? {
        let value = Int128(days) * 86_400_000_000_000 + Int128(nanosecondsIntoDay) - Int128(offsetSeconds) * 1_000_000_000
        return Int64(exactly: value)
    }

    static func daysIn(month: Int64, year: Int64) -> Int64 {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    private struct Scanner {
        let bytes: [UInt8]
        var position = 0
        var lastWasStrictOffset = true

        var atEnd: Bool { position == bytes.count }

        func peek(at offset: Int) -> UInt8? { position + offset < bytes.count ? bytes[position + offset] : nil }

        mutating func number(_ digits: Int) -> Int64? {
            guard position + digits <= bytes.count else { return nil }
            var value: Int64 = 0
            for byte in bytes[position..<position + digits] {
                guard byte >= 0x30 && byte <= 0x39 else { return nil }
                value = value * 10 + Int64(byte - 0x30)
            }
            position += digits
            return value
        }

        /// Digits after a decimal point as nanoseconds (digits past the ninth are dropped).
        mutating func fraction() -> Int64? {
            var value: Int64 = 0
            var digits = 0
            while position < bytes.count, bytes[position] >= 0x30 && bytes[position] <= 0x39 {
                if digits < 9 { value = value * 10 + Int64(bytes[position] - 0x30) }
                digits += 1
                position += 1
            }
            guard digits > 0 else { return nil }
            for _ in digits..<max(digits, 9) { value *= 10 }
            return value
        }

        mutating func expect(_ characters: String) -> Bool {
            guard position < bytes.count, characters.utf8.contains(bytes[position]) else { return false }
            position += 1
            return true
        }

        mutating func expectWord(_ word: String) -> Bool {
            let wordBytes = Array(word.utf8)
            guard position + wordBytes.count <= bytes.count,
                String(decoding: bytes[position..<position + wordBytes.count], as: UTF8.self).uppercased() == word
            else { return false }
            position += wordBytes.count
            lastWasStrictOffset = false
            return true
        }

        mutating func sign() -> Int64? {
            if expect("+") { return 1 }
            if expect("-") { return -1 }
            return nil
        }
    }
}
