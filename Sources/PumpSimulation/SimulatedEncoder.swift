public import PumpHardware

/// The simulated rig's encoder, on the pump side of the coupling: one pulse per forward step the
/// pump actually made (not a lost or slipped one) and one per step volume of free flow.
public final class SimulatedEncoder: MotionSensor, Sendable {
    public let model: SimulatedRigModel
    public let source = "sim:encoder"

    public init(model: SimulatedRigModel) { self.model = model }

    public func takePulses() throws(HardwareError) -> Int64 { model.takeEncoderPulses() }
}
