public import PumpHardware

/// The simulated driver's DIAG output: asserted by a lost step (the rotor did not follow), not
/// by a slipping coupling (the motor turns freely, as StallGuard sees it), latched until read.
public final class SimulatedStallOutput: StallInput, Sendable {
    public let model: SimulatedRigModel
    public let source = "sim:diag"

    public init(model: SimulatedRigModel) { self.model = model }

    public func takeStall() throws(HardwareError) -> Bool { model.takeDiag() }
}
