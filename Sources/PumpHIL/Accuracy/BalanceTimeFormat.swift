import PumpBalance
import PumpCore

/// The forms of time a balance log's time column may hold (see `BalanceCSVReader`).
enum BalanceTimeFormat: Hashable {
    /// Elapsed seconds, a decimal number: `30`, `30.25`.
    case seconds
    /// A clock time or elapsed hours, `H:MM:SS[.fraction]`: `13:05:30`, `0:00:30.5`.
    case clock
    /// A civil date and time, `YYYY-MM-DD` or `DD.MM.YYYY`, then `T` or spaces, then a clock time.
    case dateTime

    /// What each form looks like, for messages.
    var expected: String {
        switch self {
        case .seconds: "seconds as a decimal number, like the first record"
        case .clock: "a time H:MM:SS[.fraction], like the first record"
        case .dateTime: "a date and time YYYY-MM-DD HH:MM:SS[.fraction] or DD.MM.YYYY HH:MM:SS[.fraction], like the first record"
        }
    }

    /// The form `text` appears to be in.
    static func detect(_ text: Substring) -> BalanceTimeFormat {
        let trimmed = text.trimmingSpaces
        if trimmed.contains(where: { $0 == " " || $0 == "T" }) && trimmed.contains(":") { return .dateTime }
        if trimmed.contains(":") { return .clock }
        return .seconds
    }

    /// `text` in nanoseconds (from an arbitrary origin: elapsed, since midnight, or since the Unix
    /// epoch, by form), or nil when it is not in this form.
    func nanoseconds(_ text: Substring, allowDecimalComma: Bool) -> Int64? {
        let trimmed = Substring(text.trimmingSpaces)
        switch self {
        case .seconds:
            return try? ExactDecimal.parse(trimmed, decimals: 9, allowComma: allowDecimalComma)
        case .clock:
            return Self.clock(trimmed, maximumHours: nil, allowDecimalComma: allowDecimalComma)
        case .dateTime:
            guard let split = trimmed.firstIndex(where: { $0 == " " || $0 == "T" }) else { return nil }
            let date = trimmed[..<split]
            let time = Substring(trimmed[trimmed.index(after: split)...].trimmingSpaces)
            guard let days = Self.days(date), let clock = Self.clock(time, maximumHours: 23, allowDecimalComma: allowDecimalComma) else { return nil }
            return days * TimeSpan.day.nanoseconds + clock
        }
    }

    /// `H:MM:SS[.fraction]` in nanoseconds.
    private static func clock(_ text: Substring, maximumHours: Int64?, allowDecimalComma: Bool) -> Int64? {
        let parts = text.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count == 3, !parts[0].isEmpty, parts[0].allSatisfy(\.isASCII), parts[1].count == 2,
            let hours = Int64(parts[0]), let minutes = Int64(parts[1]), hours >= 0, hours <= (maximumHours ?? 1_000_000), minutes < 60,
            parts[2].prefix(2).count == 2, parts[2].prefix(2).allSatisfy(\.isNumber),
            let seconds = try? ExactDecimal.parse(parts[2], decimals: 9, allowComma: allowDecimalComma),
            seconds >= 0, seconds < 60 * TimeSpan.second.nanoseconds
        else { return nil }
        return hours * TimeSpan.hour.nanoseconds + minutes * TimeSpan.minute.nanoseconds + seconds
    }

    /// `YYYY-MM-DD` or `DD.MM.YYYY` as days since 1970-01-01.
    private static func days(_ text: Substring) -> Int64? {
        let iso = text.split(separator: "-", omittingEmptySubsequences: false)
        let european = text.split(separator: ".", omittingEmptySubsequences: false)
        let (year, month, day): (Substring, Substring, Substring)
        if iso.count == 3, iso[0].count == 4 {
            (year, month, day) = (iso[0], iso[1], iso[2])
        } else if european.count == 3, european[2].count == 4 {
            (year, month, day) = (european[2], european[1], european[0])
        } else {
            return nil
        }
        guard [year, month, day].allSatisfy({ !$0.isEmpty && $0.allSatisfy { $0.isASCII && $0.isNumber } }),
            let y = Int64(year), let m = Int64(month), let d = Int64(day), (1...12).contains(m), (1...31).contains(d)
        else { return nil }
        return CivilTime.daysSinceEpoch(year: y, month: m, day: d)
    }
}
