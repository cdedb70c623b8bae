public import PumpCore
import Synchronization

/// A clock that stands still until a harness advances it: deterministic time for tests, soaks and
/// HIL scenarios on the simulated rig.
public final class VirtualClock: ClockSource {
    private let reading: Mutex<ClockReading>

    public init(start: ClockReading) { reading = Mutex(start) }

    public func now() -> ClockReading { reading.withLock { $0 } }

    public func monotonicNow() -> MonotonicInstant { reading.withLock { $0.monotonic } }

    /// Virtual deadlines never arrive on their own.
    public func realDeadline(for deadline: MonotonicInstant) -> Int64? { nil }

    /// Moves both clocks forward by `span`.
    public func advance(by span: TimeSpan) {
        precondition(span >= .zero, "virtual time never goes backwards")
        reading.withLock { $0 = $0.advanced(by: span) }
    }

    /// Moves both clocks forward to `instant` on the monotonic clock (no-op if already past).
    public func advance(to instant: MonotonicInstant) {
        reading.withLock { if instant > $0.monotonic { $0 = $0.advanced(by: instant - $0.monotonic) } }
    }

    /// Steps the wall clock alone (an NTP step, a manual set); the monotonic clock is unaffected.
    public func stepWallClock(by span: TimeSpan, utcOffsetSeconds: Int32? = nil) {
        reading.withLock {
            $0.wall = $0.wall + span
            if let utcOffsetSeconds { $0.wall.utcOffsetSeconds = utcOffsetSeconds }
        }
    }
}
