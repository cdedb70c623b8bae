public import PumpCore

/// One completed wall-clock hour of delivery, as the hourly history records it, with the pump's
/// state when the hour was closed (the first checkpoint in a later hour).
public struct HourlyDeliveryReport: Sendable, Hashable {
    /// Start of the hour (a whole UTC hour), in the local offset of the checkpoint that closed it.
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
}
