public import PumpHardware

/// A two-state input of the simulated rig: the occlusion switch (asserted at or above its
/// pressure threshold), the reservoir-low switch (asserted at or below its volume threshold) or
/// the driver-fault line. Polled only: `eventDescriptor` is nil.
public final class SimulatedBinaryInput: BinaryInput, Sendable {
    public let model: SimulatedRigModel
    public let sensor: SimulatedSensor

    /// - Precondition: `sensor.isBinary`.
    public init(model: SimulatedRigModel, sensor: SimulatedSensor) {
        precondition(sensor.isBinary, "\(sensor) is not a two-state input")
        self.model = model
        self.sensor = sensor
        self.source = sensor.source
    }

    /// Made once: a name built at every read would allocate on the control loop's hot path.
    public let source: String

    /// - Throws: `.read(path: "sim:<sensor>", errno: EIO)` under a read-failure fault.
    public func isAsserted() throws(HardwareError) -> Bool { try model.read(sensor) != 0 }

    public var eventDescriptor: Int32? { nil }

    public func consumeEdges() throws(HardwareError) -> Bool { try isAsserted() }
}
