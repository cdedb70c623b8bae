public import PumpCore
public import PumpHardware

/// A validated rig profile (hw-profiles/*.toml): everything the daemon needs to drive one rig.
///
/// Build it with `load(path:)`, `parse(text:file:)` or `decode(_:file:)`, which check the whole
/// profile and report every issue at once. What needs the real hardware (do the named GPIO lines
/// exist on the chip?) is left to the daemon: `lines` lists each with its key and position.
public struct HardwareProfile: Hashable, Sendable {
    /// The file it was read from, for messages.
    public var file: String
    /// `[rig] name`.
    public var name: String
    public var kind: RigKind
    /// Nil on a simulated rig.
    public var chip: GPIOChipSelector?
    public var motor: MotorProfile
    public var limits: FlowLimits
    public var fluidPath: FluidPathProfile
    public var reservoir: ReservoirProfile
    public var battery: BatteryProfile
    public var occlusion: OcclusionSensorProfile
    /// A reservoir-low switch (asserted = low), when the rig has one.
    public var reservoirSwitch: SwitchInput?
    public var realtime: RealtimeProfile
    public var access: AccessProfile
    /// How control-socket connections are shared between roles (also from `[access]`).
    public var connections: ConnectionLimitsProfile
    public var checkpoint: CheckpointProfile
    /// Every GPIO line the profile uses, in file order, with its key path and position.
    public var lines: [GPIOLineUse]
    /// `[calibration]`: the bounds of a calibration run (`CalibrationRunBounds.standard` when absent).
    public var calibration: CalibrationRunBounds = .standard
    /// `[programming]`: where the drug library is and the clinical policy.
    public var programming: ProgrammingProfile
    /// The drug library `[programming] drug_library` names, read and validated with the profile;
    /// nil when the profile names none.
    public var drugLibrary: DrugLibrary?
    /// `[alarm_outputs]` (issue 14): buzzer and lamp lines, re-alert intervals, longest silence.
    public var alarmOutputs = AlarmOutputsProfile.defaults

    public init(
        file: String, name: String, kind: RigKind, chip: GPIOChipSelector?, motor: MotorProfile, limits: FlowLimits,
        fluidPath: FluidPathProfile, reservoir: ReservoirProfile, battery: BatteryProfile, occlusion: OcclusionSensorProfile,
        reservoirSwitch: SwitchInput?, realtime: RealtimeProfile, access: AccessProfile, checkpoint: CheckpointProfile,
        lines: [GPIOLineUse], connections: ConnectionLimitsProfile = .defaults, programming: ProgrammingProfile = .defaults,
        drugLibrary: DrugLibrary? = nil
    ) {
        self.file = file
        self.name = name
        self.kind = kind
        self.chip = chip
        self.motor = motor
        self.limits = limits
        self.fluidPath = fluidPath
        self.reservoir = reservoir
        self.battery = battery
        self.occlusion = occlusion
        self.reservoirSwitch = reservoirSwitch
        self.realtime = realtime
        self.access = access
        self.connections = connections
        self.checkpoint = checkpoint
        self.lines = lines
        self.programming = programming
        self.drugLibrary = drugLibrary
    }
}
