public import PumpHardware
#if canImport(Glibc)
import Glibc
#endif

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

    /// ENABLE is driven at once, and the simulated driver needs no time to wake.
    public var enableEffect: MotorEnableEffect { .drivesLine(setupNanoseconds: 0) }

    public func awaitEnableSetup() {}

    public func step() throws(HardwareError) {
        // A hung driver: the call does not return while the fault is on (polled outside the
        // model's lock, so the fault can be cleared).
        while model.motorHung { usleep(10_000) }
        try model.step(forward: true)
    }

    public func reverseStep() throws(HardwareError) { try model.step(forward: false) }
}
