public import PumpCore

/// Simulated time running `scale` times faster than the real clocks, from the moment it was made.
/// For the simulated rig only: a day runs in seconds.
public struct AcceleratedClock: ClockSource {
    public let scale: Int64
    let realOrigin: Int64
    let origin: ClockReading

    public init(scale: Int64, origin: ClockReading = SystemClock().now()) {
        precondition(scale >= 1)
        self.scale = scale
        self.origin = origin
        self.realOrigin = SystemClock.monotonicNanoseconds()
    }

    public func now() -> ClockReading { origin.advanced(by: elapsed()) }

    public func monotonicNow() -> MonotonicInstant { origin.monotonic + elapsed() }

    /// Simulated time since `origin`; saturates instead of trapping after ~25 real hours at the
    /// largest scales.
    private func elapsed() -> TimeSpan {
        let (scaled, overflow) = (SystemClock.monotonicNanoseconds() - realOrigin).multipliedReportingOverflow(by: scale)
        return .nanoseconds(overflow ? Int64.max / 4 : scaled)
    }

    public func realDeadline(for deadline: MonotonicInstant) -> Int64? {
        realOrigin + (deadline.nanoseconds - origin.monotonic.nanoseconds) / scale
    }
}
