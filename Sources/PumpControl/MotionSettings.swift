public import PumpCore

/// How the control loop verifies the motor's motion against an encoder and a stall output, and
/// what it does on a stall. From the profile's `[motor]` (see hw-profiles/rpi4-a4988.toml).
public struct MotionSettings: Hashable, Sendable {
    /// True: encoder pulses while the motor is enabled are the steps it made, compared with the
    /// steps commanded (a stepper with an encoder, the simulated rig). False: a DC peristaltic
    /// driver verifies each unit itself (its stall timeout) and reports only the pulses between
    /// units, which are judged as motion while stopped.
    public var checksSteps: Bool
    /// Encoder pulses per motor revolution and steps per revolution: `seen steps = pulses ×
    /// stepsPerRevolution / pulsesPerRevolution`, rounded down. 1:1 when a pulse is a step.
    public var pulsesPerRevolution: Int64
    public var stepsPerRevolution: Int64
    /// Commanded steps minus seen steps above this is a stall; seen minus commanded above it is
    /// motion nobody commanded (free flow). Steps.
    public var toleranceSteps: Int64
    /// Pulses after a stop that still count as coast, when they come within `coastWindow` of it.
    public var coastPulses: Int64
    public var coastWindow: TimeSpan
    /// How often the encoder is read while no step is made (motion while stopped). Zero: at the
    /// loop's switch poll interval.
    public var pollInterval: TimeSpan
    public var stallRetry: StallRetryPolicy

    public init(
        checksSteps: Bool = true, pulsesPerRevolution: Int64 = 1, stepsPerRevolution: Int64 = 1, toleranceSteps: Int64 = 2,
        coastPulses: Int64 = 0, coastWindow: TimeSpan = .seconds(1), pollInterval: TimeSpan = .zero,
        stallRetry: StallRetryPolicy = .none
    ) {
        precondition(pulsesPerRevolution > 0 && stepsPerRevolution > 0, "a positive encoder ratio")
        precondition(toleranceSteps >= 0 && coastPulses >= 0 && coastWindow >= .zero && pollInterval >= .zero, "non-negative allowances")
        self.checksSteps = checksSteps
        self.pulsesPerRevolution = pulsesPerRevolution
        self.stepsPerRevolution = stepsPerRevolution
        self.toleranceSteps = toleranceSteps
        self.coastPulses = coastPulses
        self.coastWindow = coastWindow
        self.pollInterval = pollInterval
        self.stallRetry = stallRetry
    }

    /// Whole steps that `pulses` encoder pulses show, rounded down (the "not moving" side).
    func steps(forPulses pulses: Int64) -> Int64 {
        Int64(Int128(pulses) * Int128(stepsPerRevolution) / Int128(pulsesPerRevolution))
    }

    /// The volume `pulses` encoder pulses move when one step moves `step` (for evidence).
    func volume(ofPulses pulses: Int64, step: StepVolume) -> Volume {
        Volume(nanolitres: Int64(Int128(pulses) * Int128(step.picolitres) * Int128(stepsPerRevolution) / Int128(pulsesPerRevolution) / 1_000))
    }
}
