public import PumpHardware

/// The GPIO lines of a STEP/DIR stepper driver, ready for `GPIOStepperDriver`.
public struct StepperLines: Hashable, Sendable {
    /// One pulse of the active level is one step.
    public var step: GPIOLineSpec
    /// Active turns the motor in the delivery direction; inactive reverses (pressure relief).
    public var direction: GPIOLineSpec
    /// Active powers the driver outputs. Hardware must pull it to the inactive level.
    public var enable: GPIOLineSpec
    /// Asserted when the driver reports a fault (DRV8825 nFAULT); optional.
    public var fault: GPIOLineSpec?
    /// Microstep selects held at fixed levels; empty when strapped in hardware.
    public var microstep: [GPIOFixedOutput]

    public init(
        step: GPIOLineSpec, direction: GPIOLineSpec, enable: GPIOLineSpec, fault: GPIOLineSpec? = nil,
        microstep: [GPIOFixedOutput] = []
    ) {
        self.step = step
        self.direction = direction
        self.enable = enable
        self.fault = fault
        self.microstep = microstep
    }
}
