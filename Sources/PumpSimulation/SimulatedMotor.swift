public import PumpHardware

/// The simulated rig's motor behind `MotorDriver`.
///
/// `step()`: a stalled motor throws `.stall` (no encoder pulse), a faulted driver
/// `.driverFault`; with ENABLE inactive the pulse moves nothing and is recorded as a caller fault
/// (`RigTruth.stepsWhileDisabled`); otherwise one step volume moves.
public final class SimulatedMotor: MotorDriver, Sendable {
    public let model: SimulatedRigModel

    public init(model: SimulatedRigModel) { self.model = model }

    public var name: String { model.configuration.motorName }

    public func disable() throws(HardwareError) { model.setEnabled(false) }

    public func enable() throws(HardwareError) { model.setEnabled(true) }

    public func step() throws(HardwareError) { try model.step(forward: true) }

    public func reverseStep() throws(HardwareError) { try model.step(forward: false) }
}
