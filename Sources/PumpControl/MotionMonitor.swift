import PumpCore

/// The control loop's running account of motion (loop thread only; see `ControlCycle+Motion`).
struct MotionMonitor {
    /// Forward steps commanded and made without error since the motor was last enabled (or
    /// caught up), and the encoder pulses seen over the same time.
    var commanded: Int64 = 0
    var pulses: Int64 = 0
    /// Forward steps commanded and pulses seen while enabled since the loop started (or since
    /// free flow was last raised): never reset on a catch-up, so motion beyond the commanded
    /// steps adds up however slowly it comes (a floating microstep line, slow free flow through
    /// an idle-unpowered stepper) and is never forgiven.
    var runCommanded: Int64 = 0
    var runPulses: Int64 = 0
    /// An enabled period ended (the motor was disabled) and its steps are still to be judged:
    /// pulses in the coast window first make up the steps not yet seen, and the deficit is judged
    /// when the window ends (or the motor is enabled again, if sooner).
    var finalPending = false
    /// Forward steps commanded and pulses credited to steps since `beginStrictMotionCount()`
    /// (bench tasks: line test, calibration run; see `ControlCycle.motionVerifiedStrictly(at:)`).
    var strictCommanded: Int64 = 0
    var strictPulses: Int64 = 0
    /// Pulses of reverse steps (pressure relief, a retry's back-off) that may still arrive, and
    /// when those steps were made: absorbed within the coast window after them, not free flow.
    var reversePulsesDue: Int64 = 0
    var reversedAt: MonotonicInstant?
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

    /// Starts a new enabled period for the stall judgement: nothing commanded, nothing seen (the
    /// run's totals, which judge surplus motion, carry on).
    mutating func anchor() {
        commanded = 0
        pulses = 0
    }

    /// Pulses seen while the motor was enabled: they count for both judgements.
    mutating func seeEnabled(_ count: Int64) {
        pulses += count
        runPulses += count
        strictPulses += count
    }

    /// A forward step commanded and made.
    mutating func commandStep() {
        commanded += 1
        runCommanded += 1
        strictCommanded += 1
    }

    /// Free flow was raised for the surplus so far: the next surplus is counted afresh.
    mutating func forgetSurplus() {
        anchor()
        runCommanded = 0
        runPulses = 0
    }
}
