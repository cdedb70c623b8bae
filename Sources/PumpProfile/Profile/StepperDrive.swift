public import PumpCore

/// Timing and wiring of a STEP/DIR stepper motor (the parameters of `GPIOStepperDriver`).
public struct StepperDrive: Hashable, Sendable {
    /// How long STEP stays active per step.
    public var stepPulseWidth: TimeSpan
    /// Shortest time from the start of one step to the start of the next.
    public var minimumStepInterval: TimeSpan
    /// The driver's datasheet minimum for STEP high and low times, when the profile states it.
    public var driverMinimumPulse: TimeSpan?
    /// DIR must be stable this long before a STEP edge.
    public var directionSetup: TimeSpan
    /// ENABLE must be active this long before a STEP edge.
    public var enableSetup: TimeSpan
    /// True: ENABLE is inactive between steps (no holding torque, less heat and battery).
    public var idleUnpowered: Bool
    /// With `idleUnpowered`: how long the coils stay powered after STEP falls.
    public var idleHold: TimeSpan
    /// Nil on a simulated rig.
    public var lines: StepperLines?

    public init(
        stepPulseWidth: TimeSpan, minimumStepInterval: TimeSpan, driverMinimumPulse: TimeSpan? = nil,
        directionSetup: TimeSpan = .zero, enableSetup: TimeSpan = .zero, idleUnpowered: Bool, idleHold: TimeSpan = .zero,
        lines: StepperLines? = nil
    ) {
        self.stepPulseWidth = stepPulseWidth
        self.minimumStepInterval = minimumStepInterval
        self.driverMinimumPulse = driverMinimumPulse
        self.directionSetup = directionSetup
        self.enableSetup = enableSetup
        self.idleUnpowered = idleUnpowered
        self.idleHold = idleHold
        self.lines = lines
    }
}
