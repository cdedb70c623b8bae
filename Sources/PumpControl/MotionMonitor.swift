import PumpCore

/// The control loop's running account of motion (loop thread only; see `ControlCycle+Motion`).
struct MotionMonitor {
    /// Forward steps commanded and made without error since the motor was last enabled (or
    /// caught up), and the encoder pulses seen over the same time.
    var commanded: Int64 = 0
    var pulses: Int64 = 0
    /// When the motor stopped (disabled; for a DC pump, the end of the last unit); nil while an
    /// enabled stepper holds.
    var stoppedAt: MonotonicInstant?
    /// Pulses seen since `stoppedAt`.
    var pulsesSinceStop: Int64 = 0
    /// When the encoder was last read.
    var lastRead: MonotonicInstant?
    /// Stall retries made in this delivery run (reset when delivery stops).
    var retriesUsed = 0
    /// A stall retry is waiting until this instant with the motor disabled.
    var retryUntil: MonotonicInstant?
    var nextPoll = MonotonicInstant.distantFuture

    /// Starts a new enabled period: nothing commanded, nothing seen.
    mutating func anchor() {
        commanded = 0
        pulses = 0
    }
}
