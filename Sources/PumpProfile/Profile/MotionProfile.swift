public import PumpCore
public import PumpHardware

/// How the motor's motion is verified (`[motor]` encoder and stall keys, `[motor.stall_retry]`).
/// See hw-profiles/rpi4-a4988.toml for the keys and their defaults.
public struct MotionProfile: Hashable, Sendable {
    /// The encoder the loop compares steps with and watches while stopped: a GPIO line (a stepper's
    /// `encoder_line`; a peristaltic pump's is its `encoder_line`, always present), or the
    /// simulated rig's pump-side encoder (`simulated_encoder = true`).
    public var hasEncoder: Bool
    /// A stepper driver's DIAG/stall output (`stall_line`, or `simulated_stall_output = true`).
    public var hasStallOutput: Bool
    /// A stepper's encoder line and its kernel debounce; nil on a simulated rig and on a
    /// peristaltic pump (whose driver owns its encoder).
    public var encoderLine: GPIOLineSpec?
    public var encoderDebounce: TimeSpan
    public var stallLine: GPIOLineSpec?
    /// `encoder_pulses_per_rev` : `steps_per_rev` (1 : 1 when a pulse is a step).
    public var pulsesPerRevolution: Int64
    public var stepsPerRevolution: Int64
    /// `motion_tolerance_steps`: commanded minus seen steps above this is a stall.
    public var toleranceSteps: Int64
    /// `coast_pulses` within `coast_window_ms` of a stop are coast; more, or later, is free flow.
    public var coastPulses: Int64
    public var coastWindow: TimeSpan
    /// `[motor.stall_retry]`; none (0 retries) when absent.
    public var retries: Int
    public var retrySpacing: TimeSpan
    public var reverseBeforeRetry: Bool

    public init(
        hasEncoder: Bool = false, hasStallOutput: Bool = false, encoderLine: GPIOLineSpec? = nil, encoderDebounce: TimeSpan = .zero,
        stallLine: GPIOLineSpec? = nil, pulsesPerRevolution: Int64 = 1, stepsPerRevolution: Int64 = 1, toleranceSteps: Int64 = 2,
        coastPulses: Int64 = 0, coastWindow: TimeSpan = .seconds(1), retries: Int = 0, retrySpacing: TimeSpan = .zero,
        reverseBeforeRetry: Bool = false
    ) {
        self.hasEncoder = hasEncoder
        self.hasStallOutput = hasStallOutput
        self.encoderLine = encoderLine
        self.encoderDebounce = encoderDebounce
        self.stallLine = stallLine
        self.pulsesPerRevolution = pulsesPerRevolution
        self.stepsPerRevolution = stepsPerRevolution
        self.toleranceSteps = toleranceSteps
        self.coastPulses = coastPulses
        self.coastWindow = coastWindow
        self.retries = retries
        self.retrySpacing = retrySpacing
        self.reverseBeforeRetry = reverseBeforeRetry
    }

    /// No encoder, no stall output, no retries: what a profile without the keys means.
    public static let none = MotionProfile()
}
