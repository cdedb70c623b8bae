public import PumpCore

/// Which faults are switched on in a simulated rig: a snapshot, as `SimulatedFaults.current`
/// returns it.
public struct SimulatedFaultState: Hashable, Sendable {
    /// The outlet blockage, if one is on or scheduled.
    public var occlusion: OcclusionWindow?
    /// Steps throw `.stall` and the encoder counts nothing.
    public var motorStall = false
    /// Steps throw `.driverFault` and the driver-fault line is asserted.
    public var driverFault = false
    /// `step()` blocks until cleared: a hung driver call that freezes the control loop's thread
    /// (what the watchdog exists for).
    public var motorHang = false
    /// Sensors whose reads throw `.read(path: "sim:<sensor>", errno: EIO)`.
    public var readFailures: Set<SimulatedSensor> = []
    /// Sensors frozen at the reading they had when the fault was set (binary: 0 or 1).
    public var stuckReadings: [SimulatedSensor: Int64] = [:]
    /// Subtracted from the battery voltage.
    public var batterySagMillivolts: Int64 = 0
    /// Extra loss from the reservoir, on top of what the steps account for.
    public var reservoirLeakNanolitresPerHour: Int64 = 0
    // Motion verification (issue 14, motion).
    /// Per-mille (0…1000) of forward steps the motor silently fails to make: the call returns,
    /// the rotor does not turn (no fluid, no encoder pulse) and DIAG asserts. 1000: a stalled rotor.
    public var lostStepsPerMille: Int64 = 0
    /// Per-mille (0…1000) of forward steps where the motor turns but the coupling slips: no
    /// fluid, no pump-side encoder pulse, and DIAG stays quiet (the motor runs free).
    public var couplingSlipPerMille: Int64 = 0
    /// Fluid flowing from the reservoir to the tip while the motor is disabled (a siphon, a
    /// driver ignoring ENABLE), nL/hour; the pump-side encoder counts it at one pulse per step
    /// volume.
    public var freeFlowNanolitresPerHour: Int64 = 0
    // Issue 14, alarm outputs.
    /// The buzzer output drives nothing: no sound, and its sense line reads silent.
    public var deadBuzzer = false

    public init() {}

    /// Whether nothing is switched on (a scheduled occlusion counts as on).
    public var isClear: Bool { self == SimulatedFaultState() }

    public func isOccluded(at instant: MonotonicInstant) -> Bool { occlusion?.contains(instant) ?? false }
}
