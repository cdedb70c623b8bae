/// A local clock time within a day, in whole seconds since midnight (0 ..< 86 400).
public struct TimeOfDay: Hashable, Comparable, Sendable, CustomStringConvertible {
    public let secondsSinceMidnight: Int32

    public static let midnight = TimeOfDay(secondsSinceMidnight: 0)

    /// - Precondition: `0 ≤ secondsSinceMidnight < 86 400`. Use `init(hour:minute:)` for input.
    public init(secondsSinceMidnight: Int32) {
        precondition((0..<86_400).contains(secondsSinceMidnight), "time of day out of range")
        self.secondsSinceMidnight = secondsSinceMidnight
    }

    /// Returns nil for an hour outside 0…23, a minute outside 0…59 or a second outside 0…59.
    public init?(hour: Int, minute: Int, second: Int = 0) {
        guard (0...23).contains(hour), (0...59).contains(minute), (0...59).contains(second) else { return nil }
        self.secondsSinceMidnight = Int32(hour * 3600 + minute * 60 + second)
    }

    /// The span since midnight.
    public var sinceMidnight: TimeSpan { .seconds(Int64(secondsSinceMidnight)) }

    public static func < (lhs: TimeOfDay, rhs: TimeOfDay) -> Bool { lhs.secondsSinceMidnight < rhs.secondsSinceMidnight }

    /// `HH:MM` or `HH:MM:SS` when seconds are set.
    public var description: String {
        let h = secondsSinceMidnight / 3600, m = secondsSinceMidnight / 60 % 60, s = secondsSinceMidnight % 60
        func two(_ v: Int32) -> String { v < 10 ? "0\(v)" : "\(v)" }
        return s == 0 ? "\(two(h)):\(two(m))" : "\(two(h)):\(two(m)):\(two(s))"
    }
}
