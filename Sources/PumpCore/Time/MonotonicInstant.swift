/// A point on the monotonic time base (CLOCK_MONOTONIC or a virtual clock), in nanoseconds since
/// an arbitrary origin.
///
/// Metering integrates over this time base only: it never jumps, so a wall-clock step can change
/// which schedule step is active but can never add delivered volume.
public struct MonotonicInstant: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanoseconds: Int64

    @inlinable public init(nanoseconds: Int64) { self.nanoseconds = nanoseconds }

    /// Used as "never" for deadlines that are not scheduled.
    @inlinable public static var distantFuture: MonotonicInstant { MonotonicInstant(nanoseconds: .max) }

    @inlinable public static func < (lhs: MonotonicInstant, rhs: MonotonicInstant) -> Bool { lhs.nanoseconds < rhs.nanoseconds }
    @inlinable public static func + (lhs: MonotonicInstant, rhs: TimeSpan) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: lhs.nanoseconds + rhs.nanoseconds)
    }
    @inlinable public static func - (lhs: MonotonicInstant, rhs: TimeSpan) -> MonotonicInstant {
        MonotonicInstant(nanoseconds: lhs.nanoseconds - rhs.nanoseconds)
    }
    @inlinable public static func - (lhs: MonotonicInstant, rhs: MonotonicInstant) -> TimeSpan {
        TimeSpan(nanoseconds: lhs.nanoseconds - rhs.nanoseconds)
    }

    public var description: String { "mono+\(nanoseconds)ns" }
}
