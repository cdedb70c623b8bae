public import PumpHardware

/// The GPIO lines of a DC peristaltic pump with a tachometer encoder, ready for `GPIOPeristalticDriver`.
public struct PeristalticLines: Hashable, Sendable {
    /// Active runs the motor. Hardware must pull it to the inactive level.
    public var enable: GPIOLineSpec
    /// One pulse per `MotorProfile.stepVolume` delivered.
    public var encoder: GPIOLineSpec
    /// An H-bridge direction input (active = delivery direction); without it the pump cannot
    /// reverse, so no pressure relief.
    public var direction: GPIOLineSpec?
    /// Asserted when the motor driver reports a fault; optional.
    public var fault: GPIOLineSpec?

    public init(enable: GPIOLineSpec, encoder: GPIOLineSpec, direction: GPIOLineSpec? = nil, fault: GPIOLineSpec? = nil) {
        self.enable = enable
        self.encoder = encoder
        self.direction = direction
        self.fault = fault
    }
}
