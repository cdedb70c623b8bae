/// The bounds of a calibration run (profile `[calibration]`): how many steps one run may drive
/// and at what flow.
public struct CalibrationRunBounds: Hashable, Sendable {
    /// Most steps one run may drive.
    public var maximumSteps: Int64
    /// The flow a run uses when none is asked for.
    public var defaultRate: VolumeRate
    /// The highest flow a run may be asked for (never above the rig's effective maximum).
    public var maximumRate: VolumeRate

    public init(maximumSteps: Int64, defaultRate: VolumeRate, maximumRate: VolumeRate) {
        precondition(maximumSteps >= 1 && defaultRate.picolitresPerDay > 0 && defaultRate <= maximumRate)
        self.maximumSteps = maximumSteps
        self.defaultRate = defaultRate
        self.maximumRate = maximumRate
    }

    /// For rigs built in code without a profile: 2000 steps at 1 mL/h (at most 10 mL/h).
    public static let standard = CalibrationRunBounds(
        maximumSteps: 2_000, defaultRate: .millilitresPerHour(1), maximumRate: .millilitresPerHour(10))
}
