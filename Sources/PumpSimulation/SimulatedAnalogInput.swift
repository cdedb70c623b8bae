public import PumpHardware

/// An analog input of the simulated rig: line pressure in pascals or battery voltage in
/// millivolts.
public final class SimulatedAnalogInput: AnalogInput, Sendable {
    public let model: SimulatedRigModel
    public let sensor: SimulatedSensor

    /// - Precondition: `sensor` is `.pressure` or `.battery`.
    public init(model: SimulatedRigModel, sensor: SimulatedSensor) {
        precondition(!sensor.isBinary, "\(sensor) is not an analog input")
        self.model = model
        self.sensor = sensor
        self.source = sensor.source
    }

    /// Made once: a name built at every read would allocate on the control loop's hot path.
    public let source: String

    public var quantity: AnalogQuantity { sensor == .pressure ? .pressurePascals : .voltageMillivolts }

    /// - Throws: `.read(path: "sim:<sensor>", errno: EIO)` under a read-failure fault; a stuck
    ///   sensor returns its frozen value.
    public func read() throws(HardwareError) -> Int64 { try model.read(sensor) }
}
