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
}
