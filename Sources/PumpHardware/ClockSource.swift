public import PumpCore

/// Where the daemon's time comes from: the real clocks, accelerated simulated time, or a virtual
/// clock that moves only when a harness advances it.
///
/// Callers: anyone; implementations are thread-safe.
public protocol ClockSource: Sendable {
    /// Both clocks, read together.
    func now() -> ClockReading

    /// How the loop waits for `deadline` on this clock: the CLOCK_MONOTONIC instant at which it
    /// arrives, or nil when only a harness can bring it (virtual time).
    func realDeadline(for deadline: MonotonicInstant) -> Int64?

    /// The monotonic clock alone, as `now().monotonic` reads it, without the wall clock's cost:
    /// for callers that read often and need no wall time (the simulated rig's sensor reads).
    func monotonicNow() -> MonotonicInstant
}

extension ClockSource {
    public func monotonicNow() -> MonotonicInstant { now().monotonic }
}
