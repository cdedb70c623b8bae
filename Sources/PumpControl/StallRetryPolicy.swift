public import PumpCore

/// What the control loop does when the motor stalls (`[motor.stall_retry]`): up to `retries`
/// times per delivery run, disable the motor for `spacing` (optionally move one step back, to free
/// a sticking roller or a pinched tube) and carry on; after that, the critical `motor-stall` alarm
/// latches. A retry never makes up the steps that were not seen (no catch-up): they stay counted
/// as delivered, and the steps a retry makes are ordinary steps, under the same dose limits.
public struct StallRetryPolicy: Hashable, Sendable {
    /// 0…5; 0: the first stall latches the alarm (the default: a real rig retries only when its
    /// profile says so).
    public var retries: Int
    /// How long the motor stays disabled before a retry.
    public var spacing: TimeSpan
    /// Move one step backwards before retrying. The reverse step is not accounted (the fluid goes
    /// back towards the reservoir: the accounted remainder errs low, the safe side).
    public var reverseBeforeRetry: Bool

    public static let maximumRetries = 5
    public static let none = StallRetryPolicy(retries: 0, spacing: .zero, reverseBeforeRetry: false)

    public init(retries: Int, spacing: TimeSpan, reverseBeforeRetry: Bool) {
        precondition((0...Self.maximumRetries).contains(retries), "0…5 stall retries")
        precondition(spacing >= .zero, "a non-negative retry spacing")
        self.retries = retries
        self.spacing = spacing
        self.reverseBeforeRetry = reverseBeforeRetry
    }
}
