public import PumpCore
public import PumpHardware

/// A complete simulated rig: the physical model, its fault switches and the hardware adapters the
/// control loop drives, all on one clock.
///
///     let clock = VirtualClock(start: …)
///     let rig = SimulatedRig(configuration: SimulatedRigConfiguration(), clock: clock)
///     try rig.motor.enable(); try rig.motor.step()
///     rig.faults.setOcclusion()
///     rig.truth().pressurePascals
public final class SimulatedRig: Sendable {
    public let model: SimulatedRigModel
    public let faults: SimulatedFaults
    public let motor: SimulatedMotor
    public let occlusionSwitch: SimulatedBinaryInput
    public let reservoirSwitch: SimulatedBinaryInput
    public let driverFault: SimulatedBinaryInput
    public let pressure: SimulatedAnalogInput
    public let battery: SimulatedAnalogInput
    /// The pump-side encoder and the driver's DIAG output (issue 14, motion).
    public let encoder: SimulatedEncoder
    public let stallOutput: SimulatedStallOutput
    /// Buzzer, lamps and buzzer sense (issue 14), recording every edge.
    public let alarmOutputs: SimulatedAlarmOutputs

    /// With `store`, the rig's physics carries on across daemon restarts (see `SimulatedRigStore`).
    public init(configuration: SimulatedRigConfiguration = SimulatedRigConfiguration(), clock: any ClockSource, store: SimulatedRigStore? = nil) {
        let model = SimulatedRigModel(configuration: configuration, clock: clock, store: store)
        self.model = model
        motor = SimulatedMotor(model: model)
        occlusionSwitch = SimulatedBinaryInput(model: model, sensor: .occlusionSwitch)
        reservoirSwitch = SimulatedBinaryInput(model: model, sensor: .reservoirSwitch)
        driverFault = SimulatedBinaryInput(model: model, sensor: .driverFaultLine)
        pressure = SimulatedAnalogInput(model: model, sensor: .pressure)
        battery = SimulatedAnalogInput(model: model, sensor: .battery)
        encoder = SimulatedEncoder(model: model)
        stallOutput = SimulatedStallOutput(model: model)
        let alarmOutputs = SimulatedAlarmOutputs(model: model)
        self.alarmOutputs = alarmOutputs
        faults = SimulatedFaults(model: model, alarmOutputs: alarmOutputs)
    }

    public var configuration: SimulatedRigConfiguration { model.configuration }
    public var clock: any ClockSource { model.clock }

    /// What physically happened, at the clock's current instant.
    public func truth() -> RigTruth { model.truth() }

    /// Sets the reservoir's actual content (a refill).
    public func refill(to volume: Volume) { model.refill(to: volume) }
}

extension SimulatedRig {
    /// The rig's hardware as the control loop drives it: the motor and every sensor, with the
    /// encoder and DIAG output when the profile enables them.
    public func io(encoder withEncoder: Bool, stallOutput withStallOutput: Bool) -> RigIO {
        var io = self.io
        io.motion = withEncoder ? encoder : nil
        io.stallOutput = withStallOutput ? stallOutput : nil
        return io
    }

    /// The rig's hardware as the control loop drives it: the motor and every sensor (no encoder or
    /// DIAG: see `io(encoder:stallOutput:)`).
    public var io: RigIO {
        RigIO(
            motor: motor, occlusionSwitch: occlusionSwitch, reservoirSwitch: reservoirSwitch, driverFault: driverFault,
            pressure: pressure, battery: battery, alarmOutputs: alarmOutputs)
    }
}
