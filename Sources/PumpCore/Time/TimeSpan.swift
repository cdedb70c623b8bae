/// A length of time in whole nanoseconds.
///
/// Intervals are always built through a named unit (`.minutes(30)`, `.hours(4)`): a periodic-bolus
/// interval once typed in minutes where hours were meant killed two patients, so no bare number is
/// ever taken as a duration.
public struct TimeSpan: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    @inlinable public static var zero: TimeSpan { TimeSpan(nanoseconds: 0) }
    @inlinable public static var second: TimeSpan { TimeSpan(nanoseconds: 1_000_000_000) }
    @inlinable public static var minute: TimeSpan { TimeSpan(nanoseconds: 60_000_000_000) }
    @inlinable public static var hour: TimeSpan { TimeSpan(nanoseconds: 3_600_000_000_000) }
    @inlinable public static var day: TimeSpan { TimeSpan(nanoseconds: 86_400_000_000_000) }

    @inlinable public static func nanoseconds(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value) }
    @inlinable public static func milliseconds(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value * 1_000_000) }
    @inlinable public static func seconds(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value * 1_000_000_000) }
    @inlinable public static func minutes(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value * 60_000_000_000) }
    @inlinable public static func hours(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value * 3_600_000_000_000) }
    @inlinable public static func days(_ value: Int64) -> TimeSpan { TimeSpan(nanoseconds: value * 86_400_000_000_000) }

    @inlinable public static func < (lhs: TimeSpan, rhs: TimeSpan) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    @inlinable public static func + (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan { TimeSpan(nanoseconds: lhs.nanoseconds + rhs.nanoseconds) }
    @inlinable public static func - (lhs: TimeSpan, rhs: TimeSpan) -> TimeSpan { TimeSpan(nanoseconds: lhs.nanoseconds - rhs.nanoseconds) }
    @inlinable public static func * (lhs: TimeSpan, rhs: Int64) -> TimeSpan { TimeSpan(nanoseconds: lhs.nanoseconds * rhs) }

    /// The span in the largest unit that divides it exactly, e.g. `4 h`, `90 min`, `2.5 s` → `2500 ms`.
    public var description: String {
        let units: [(Int64, String)] = [
            (TimeSpan.day.nanoseconds, "d"), (TimeSpan.hour.nanoseconds, "h"), (TimeSpan.minute.nanoseconds, "min"),
            (TimeSpan.second.nanoseconds, "s"), (1_000_000, "ms"), (1_000, "µs"),
        ]
        for (size, name) in units where nanoseconds != 0 && nanoseconds % size == 0 {
            return "\(nanoseconds / size) \(name)"
        }
        return "\(nanoseconds) ns"
    }
}
