public import PumpCore

/// The strict, zero-tolerance motion judgement for bench tasks (line test, calibration run).
///
/// Use (loop thread, from the task's own extension file):
/// 1. `beginStrictMotionCount()` right before the task's first step.
/// 2. Make the steps as usual (`moveOneStep`); the ordinary per-step judgement with the profile's
///    tolerance still runs and still raises `motor-stall` / `free-flow`.
/// 3. When the task's steps are done, disable the motor (`forceDisable()`), then call
///    `motionVerifiedStrictly(at:)` at each wake until it is no longer `.pending` (the coast
///    window after the stop, in which an encoder's late pulses still count for the steps).
/// 4. Only `.verified(steps:)` proves the steps moved: a line test must treat `.unseen` as failed
///    (the line was not shown open), a calibration run must refuse to offer a commit for
///    `.unseen` or `.moreThanCommanded` (the step count is wrong). `.unverifiable` means no encoder
///    vouches: the task decides and says so in its record.
extension ControlCycle {
    /// Starts counting commanded steps and seen pulses for `motionVerifiedStrictly(at:)`.
    public func beginStrictMotionCount() {
        motion.strictCommanded = 0
        motion.strictPulses = 0
    }

    /// Commanded steps since `beginStrictMotionCount()` against what the encoder saw, with zero
    /// tolerance, once the motor is disabled and the coast window after the stop is over.
    /// Reads the encoder first (which may raise `free-flow` or `motor-stall` as usual).
    public func motionVerifiedStrictly(at reading: ClockReading) -> MotionVerdict {
        guard motionSettings.checksSteps, rig.motion != nil else { return .unverifiable }
        if motorEnabled { return .pending(until: nil) }
        readMotion(at: reading)
        let stop = motion.stoppedAt ?? reading.monotonic
        let windowEnd = stop + motionSettings.coastWindow
        if reading.monotonic < windowEnd { return .pending(until: windowEnd) }
        let seen = motionSettings.steps(forPulses: motion.strictPulses)
        let commanded = motion.strictCommanded
        if seen == commanded { return .verified(steps: commanded) }
        return seen < commanded ? .unseen(commanded: commanded, seen: seen) : .moreThanCommanded(commanded: commanded, seen: seen)
    }
}
