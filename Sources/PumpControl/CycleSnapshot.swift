public import PumpCore

/// What a status line shows about the control loop, copied out of the loop thread.
///
/// No stored property has a default value: the loop builds one at every wake, and each default
/// (`.zero` of another module) would be read through a lazy global's `swift_once` first.
public struct CycleSnapshot: Sendable, CustomStringConvertible {
    public var mode: DeliveryMode
    public var rate: VolumeRate
    public var delivered: DrugMass
    public var reservoir: Volume
    public var stepsMoved: Int64
    public var alarms: AlarmKindSet
    /// The loop's wall-clock reading when the snapshot was taken (nil before the loop ran): tells
    /// a reader which hour delivery is in without waking the loop.
    public var wall: CivilTime?
    /// The alarm outputs' state (issue 14); nil on a rig without any.
    public var annunciation: AnnunciationSnapshot?

    /// Stopped and idle, nothing delivered, no alarms: before the loop ran.
    public init() {
        self.init(mode: .stopped(.idle), rate: .zero, delivered: .zero, reservoir: .zero, stepsMoved: 0, alarms: AlarmKindSet())
    }

    public init(
        mode: DeliveryMode, rate: VolumeRate, delivered: DrugMass, reservoir: Volume, stepsMoved: Int64, alarms: AlarmKindSet,
        wall: CivilTime? = nil, annunciation: AnnunciationSnapshot? = nil
    ) {
        self.annunciation = annunciation
        self.wall = wall
        self.mode = mode
        self.rate = rate
        self.delivered = delivered
        self.reservoir = reservoir
        self.stepsMoved = stepsMoved
        self.alarms = alarms
    }

    public var description: String {
        "\(mode), rate \(rate), steps \(stepsMoved), delivered \(delivered), reservoir \(reservoir)"
            + (alarms.isEmpty ? "" : ", alarms: \(alarms)")
    }
}
