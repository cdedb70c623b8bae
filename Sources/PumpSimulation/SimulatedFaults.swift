public import PumpCore

/// The fault switches of a simulated rig. Each is set and cleared explicitly, from any thread at
/// any time (a test, the HIL API); a change takes effect at the clock's current instant.
public final class SimulatedFaults: Sendable {
    let model: SimulatedRigModel
    /// Told when `deadBuzzer` changes, so the sound stops (or resumes) at that instant.
    let alarmOutputs: SimulatedAlarmOutputs?

    public init(model: SimulatedRigModel, alarmOutputs: SimulatedAlarmOutputs? = nil) {
        self.model = model
        self.alarmOutputs = alarmOutputs
    }

    /// Which faults are on now.
    public var current: SimulatedFaultState { model.faultState() }

    // MARK: Occlusion

    /// Blocks the outlet from now until `clearOcclusion()`: pushed fluid is held back and the
    /// pressure rises by the compliance per nanolitre.
    public func setOcclusion() {
        model.updateFaults { faults, state in faults.occlusion = OcclusionWindow(start: state.settledAt) }
    }

    /// Blocks the outlet from `start` for `duration` (replacing any other occlusion). A start
    /// already past takes effect now; the past is never rewritten.
    public func setOcclusion(from start: MonotonicInstant, for duration: TimeSpan) {
        precondition(duration >= .zero, "an occlusion cannot last a negative time")
        model.updateFaults { faults, _ in faults.occlusion = OcclusionWindow(start: start, end: start + duration) }
    }

    /// Clears the outlet now (and cancels a scheduled occlusion): held-back pressure relaxes.
    public func clearOcclusion() {
        model.updateFaults { faults, _ in faults.occlusion = nil }
    }

    // MARK: Motor

    /// Steps throw `.stall` and the encoder stops counting.
    public func setMotorStall() { model.updateFaults { faults, _ in faults.motorStall = true } }
    public func clearMotorStall() { model.updateFaults { faults, _ in faults.motorStall = false } }

    /// `step()` blocks until `clearMotorHang()`: the control loop's thread hangs in the driver.
    public func setMotorHang() { model.updateFaults { faults, _ in faults.motorHang = true } }
    public func clearMotorHang() { model.updateFaults { faults, _ in faults.motorHang = false } }

    /// Steps throw `.driverFault` and the driver-fault line reads asserted.
    public func setDriverFault() { model.updateFaults { faults, _ in faults.driverFault = true } }
    public func clearDriverFault() { model.updateFaults { faults, _ in faults.driverFault = false } }

    // MARK: Sensors

    /// Reads of `sensor` throw `.read(path: "sim:<sensor>", errno: EIO)`.
    public func setSensorReadFailure(_ sensor: SimulatedSensor) {
        model.updateFaults { faults, _ in _ = faults.readFailures.insert(sensor) }
    }
    public func clearSensorReadFailure(_ sensor: SimulatedSensor) {
        model.updateFaults { faults, _ in _ = faults.readFailures.remove(sensor) }
    }

    /// Freezes `sensor` at its current live reading until cleared (a no-op if already stuck).
    public func setSensorStuck(_ sensor: SimulatedSensor) {
        model.updateFaults { faults, state in
            if faults.stuckReadings[sensor] == nil { faults.stuckReadings[sensor] = state.liveReading(of: sensor) }
        }
    }
    public func clearSensorStuck(_ sensor: SimulatedSensor) {
        model.updateFaults { faults, _ in faults.stuckReadings[sensor] = nil }
    }

    // MARK: Battery and reservoir

    /// The battery reads `millivolts` lower (a sag under load, a failing cell).
    public func setBatterySag(millivolts: Int64) {
        precondition(millivolts >= 0, "a sag lowers the voltage")
        model.updateFaults { faults, _ in faults.batterySagMillivolts = millivolts }
    }
    public func clearBatterySag() { model.updateFaults { faults, _ in faults.batterySagMillivolts = 0 } }

    /// The reservoir additionally loses this much per hour: actual falls faster than accounted.
    public func setReservoirLeak(nanolitresPerHour: Int64) {
        precondition(nanolitresPerHour >= 0, "a leak loses fluid")
        model.updateFaults { faults, _ in faults.reservoirLeakNanolitresPerHour = nanolitresPerHour }
    }
    public func clearReservoirLeak() { model.updateFaults { faults, _ in faults.reservoirLeakNanolitresPerHour = 0 } }

    // MARK: Motion (issue 14, motion)

    /// `perMille` of forward steps are lost (rotor does not turn, DIAG asserts); deterministic:
    /// an accumulator loses a step each time it passes 1000, so 250 loses every 4th step.
    public func setLostSteps(perMille: Int64) {
        precondition((0...1_000).contains(perMille), "0…1000 per mille")
        model.updateFaults { faults, _ in faults.lostStepsPerMille = perMille }
    }

    /// `perMille` of forward steps slip at the coupling (motor turns, pump does not; DIAG quiet).
    public func setCouplingSlip(perMille: Int64) {
        precondition((0...1_000).contains(perMille), "0…1000 per mille")
        model.updateFaults { faults, _ in faults.couplingSlipPerMille = perMille }
    }

    /// Fluid flows at `nanolitresPerHour` while the motor is disabled (0: off).
    public func setFreeFlow(nanolitresPerHour: Int64) {
        precondition(nanolitresPerHour >= 0, "free flow leaves the reservoir")
        model.updateFaults { faults, _ in faults.freeFlowNanolitresPerHour = nanolitresPerHour }
    }
    // MARK: Alarm outputs (issue 14)

    /// The buzzer output drives nothing: no sound is recorded and the sense line reads silent.
    public func setDeadBuzzer() {
        model.updateFaults { faults, _ in faults.deadBuzzer = true }
        alarmOutputs?.buzzerHealthChanged()
    }
    public func clearDeadBuzzer() {
        model.updateFaults { faults, _ in faults.deadBuzzer = false }
        alarmOutputs?.buzzerHealthChanged()
    }

    /// Every forward step moves `perMille`/1000 of a step more than commanded (1000: twice).
    public func setExtraMotion(perMille: Int64) {
        precondition((0...1_000).contains(perMille), "0…1000 per mille")
        model.updateFaults { faults, _ in faults.extraMotionPerMille = perMille }
    }

    /// Switches every fault off.
    public func clearAll() {
        model.updateFaults { faults, _ in faults = SimulatedFaultState() }
        alarmOutputs?.buzzerHealthChanged()
    }
}
