public import PumpCore

/// One completed wall-clock hour of delivery, as the hourly history records it, with the pump's
/// state when the hour was closed: as the therapy session's clock crossed the hour's end (its first
/// reading at or after it; see `HourClosing`), whenever the checkpoint that reports it is written.
public struct HourlyDeliveryReport: Sendable, Hashable {
    /// Start of the hour (a whole UTC hour), in the local offset of the reading that closed it.
    public var hourStart: CivilTime
    /// Delivered in the hour (the history's total for it; zero when nothing was).
    public var volume: Volume
    public var mass: DrugMass
    /// The flow when the hour was closed.
    public var rate: VolumeRate
    /// The accounted reservoir remainder when the hour was closed.
    public var reservoir: Volume
    /// The delivery mode when the hour was closed ("running", "stopped (clinician)", …).
    public var mode: String

    public init(hourStart: CivilTime, volume: Volume, mass: DrugMass, rate: VolumeRate, reservoir: Volume, mode: String) {
        self.hourStart = hourStart
        self.volume = volume
        self.mass = mass
        self.rate = rate
        self.reservoir = reservoir
        self.mode = mode
    }

    /// `hour` as the session closed it, with the history's totals for it.
    public init(_ hour: ClosedHour, volume: Volume, mass: DrugMass) {
        self.init(
            hourStart: CivilTime(unixNanoseconds: hour.start, utcOffsetSeconds: hour.closedAt.utcOffsetSeconds), volume: volume, mass: mass,
            rate: hour.state.rate, reservoir: hour.state.reservoir, mode: hour.state.mode.description)
    }
}
