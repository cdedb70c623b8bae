public import PumpCore
import Synchronization

/// A clock that stands still until a harness advances it: deterministic time for tests, soaks and
/// HIL scenarios on the simulated rig.
public final class VirtualClock: ClockSource {
    private let reading: Mutex<ClockReading>
    /// The monotonic clock alone, stored under the lock whenever it moves, so the reads that need
    /// nothing else (every simulated sensor read, several per wake) take no lock (issue 13).
    private let monotonic: Atomic<Int64>

    public init(start: ClockReading) {
        reading = Mutex(start)
        monotonic = Atomic(start.monotonic.nanoseconds)
    }

    public func now() -> ClockReading { reading.withLock { $0 } }

    public func monotonicNow() -> MonotonicInstant { MonotonicInstant(nanoseconds: monotonic.load(ordering: .acquiring)) }

    /// Virtual deadlines never arrive on their own.
    public func realDeadline(for deadline: MonotonicInstant) -> Int64? { nil }

    /// Moves both clocks forward by `span`.
    public func advance(by span: TimeSpan) {
        precondition(span >= .zero, "virtual time never goes backwards")
        reading.withLock {
            $0 = $0.advanced(by: span)
            monotonic.store($0.monotonic.nanoseconds, ordering: .releasing)
        }
    }

    /// Moves both clocks forward to `instant` on the monotonic clock (no-op if already past).
    public func advance(to instant: MonotonicInstant) {
        reading.withLock {
            guard instant > $0.monotonic else { return }
            $0 = $0.advanced(by: instant - $0.monotonic)
            monotonic.store($0.monotonic.nanoseconds, ordering: .releasing)
        }
    }

    /// Steps the wall clock alone (an NTP step, a manual set); the monotonic clock is unaffected.
    public func stepWallClock(by span: TimeSpan, utcOffsetSeconds: Int32? = nil) {
        reading.withLock {
            $0.wall = $0.wall + span
            if let utcOffsetSeconds { $0.wall.utcOffsetSeconds = utcOffsetSeconds }
        }
    }
}
