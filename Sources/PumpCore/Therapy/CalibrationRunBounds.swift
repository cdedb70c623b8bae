/// The bounds of a calibration run (profile `[calibration]`): how many steps one run may drive
/// and at what flow.
public struct CalibrationRunBounds: Hashable, Sendable {
    /// Most steps one run may drive.
    public var maximumSteps: Int64
    /// The flow a run uses when none is asked for.
    public var defaultRate: VolumeRate
    /// The highest flow a run may be asked for (never above the rig's effective maximum).
    public var maximumRate: VolumeRate
    /// Fewest steps one run may drive (profile `min_steps`); nil: enough steps for
    /// `defaultMinimumVolume` at the step volume in force (`minimumSteps(step:)`).
    public var minimumSteps: Int64?

    /// The smallest run worth weighing when the profile does not say: 100 µL (≈ 100 mg of water),
    /// 1000× a 0.1 mg balance's readability, so the balance's resolution and a drop left on the
    /// outlet stay within about 0.1 % of the mass.
    public static let defaultMinimumVolume = Volume.microlitres(100)

    public init(maximumSteps: Int64, defaultRate: VolumeRate, maximumRate: VolumeRate, minimumSteps: Int64? = nil) {
        precondition(maximumSteps >= 1 && defaultRate.picolitresPerDay > 0 && defaultRate <= maximumRate)
        precondition(minimumSteps.map { $0 >= 1 && $0 <= maximumSteps } ?? true)
        self.minimumSteps = minimumSteps
        self.maximumSteps = maximumSteps
        self.defaultRate = defaultRate
        self.maximumRate = maximumRate
    }

    /// The fewest steps a run may drive with `step`: the profile's, or enough whole steps for
    /// `defaultMinimumVolume` (rounded up).
    public func minimumSteps(step: StepVolume) -> Int64 {
        minimumSteps ?? (Self.defaultMinimumVolume.picolitres + step.picolitres - 1) / max(step.picolitres, 1)
    }

    /// For rigs built in code without a profile: 2000 steps at 1 mL/h (at most 10 mL/h).
    public static let standard = CalibrationRunBounds(
        maximumSteps: 2_000, defaultRate: .millilitresPerHour(1), maximumRate: .millilitresPerHour(10))
}
