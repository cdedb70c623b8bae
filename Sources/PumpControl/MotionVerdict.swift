public import PumpCore

/// A zero-tolerance judgement of the forward steps commanded since
/// `ControlCycle.beginStrictMotionCount()`, for bench tasks whose result depends on every step
/// really moving (a line test's "the line is open", a calibration run's step count). See
/// `ControlCycle.motionVerifiedStrictly(at:)`.
public enum MotionVerdict: Hashable, Sendable {
    /// Nothing can vouch for the steps: no encoder, or a DC peristaltic pump (its driver verifies
    /// each unit itself and throws `.stall`, so a unit it returned from was made). The task decides
    /// whether it may go on without proof (a stepper without an encoder: it should not claim
    /// more than "commanded").
    case unverifiable
    /// Not judged yet: the motor is still enabled (`until` nil: disable it first) or the coast
    /// window after the stop, in which late pulses still count for the steps, ends at `until`.
    case pending(until: MonotonicInstant?)
    /// Every commanded step was seen, exactly.
    case verified(steps: Int64)
    /// Fewer steps seen than commanded: the task must not count the unseen ones as pushed.
    case unseen(commanded: Int64, seen: Int64)
    /// More seen than commanded (a floating microstep line, free flow while enabled).
    case moreThanCommanded(commanded: Int64, seen: Int64)
}
