/// A day of the week in local time. Raw values follow ISO 8601 (Monday = 1 … Sunday = 7).
public enum Weekday: Int, CaseIterable, Hashable, Sendable, CustomStringConvertible {
    case monday = 1, tuesday, wednesday, thursday, friday, saturday, sunday

    /// The weekday that follows this one.
    public var next: Weekday { Weekday(rawValue: rawValue % 7 + 1)! }

    /// The weekday of a count of days since 1970-01-01, which was a Thursday.
    static func ofDaysSinceEpoch(_ days: Int64) -> Weekday {
        let mondayBased = ((days + 3) % 7 + 7) % 7  // 1970-01-01 is index 3 counting Monday = 0
        return Weekday(rawValue: Int(mondayBased) + 1)!
    }

    public var description: String {
        switch self {
        case .monday: "Monday"
        case .tuesday: "Tuesday"
        case .wednesday: "Wednesday"
        case .thursday: "Thursday"
        case .friday: "Friday"
        case .saturday: "Saturday"
        case .sunday: "Sunday"
        }
    }
}
