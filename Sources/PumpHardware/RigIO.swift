
/// The hardware one control loop drives: a motor and whichever sensors the rig has.
public struct RigIO {
    public var motor: any MotorDriver
    public var occlusionSwitch: (any BinaryInput)?
    public var reservoirSwitch: (any BinaryInput)?
    public var driverFault: (any BinaryInput)?
    public var pressure: (any AnalogInput)?
    public var battery: (any AnalogInput)?
    // Motion verification (issue 14, motion).
    /// The encoder the loop checks steps and stillness against (a DC peristaltic driver is its
    /// own); nil: none.
    public var motion: (any MotionSensor)?
    /// A stepper driver's DIAG/stall output; nil: none.
    public var stallOutput: (any StallInput)?
    /// Buzzer and lamps (issue 14); nil on a rig without any.
    public var alarmOutputs: (any AlarmOutputs)?

    public init(
        motor: any MotorDriver, occlusionSwitch: (any BinaryInput)? = nil, reservoirSwitch: (any BinaryInput)? = nil,
        driverFault: (any BinaryInput)? = nil, pressure: (any AnalogInput)? = nil, battery: (any AnalogInput)? = nil,
        motion: (any MotionSensor)? = nil, stallOutput: (any StallInput)? = nil, alarmOutputs: (any AlarmOutputs)? = nil
    ) {
        self.motion = motion
        self.stallOutput = stallOutput
        self.alarmOutputs = alarmOutputs
        self.motor = motor
        self.occlusionSwitch = occlusionSwitch
        self.reservoirSwitch = reservoirSwitch
        self.driverFault = driverFault
        self.pressure = pressure
        self.battery = battery
    }
}
