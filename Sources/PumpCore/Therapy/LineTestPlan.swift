/// How a line test after an occlusion proves the line open (profile `[sensors.occlusion]`
/// `line_test_*` keys).
///
/// The test pushes `volume` (whole steps, never more than `bolusLimit`) at `rate` with the line
/// pressure and the occlusion switch watched every sample: any sample at or above
/// `thresholdPascals` (or the switch asserted) fails it; it passes when the volume is pushed and
/// `clearSamples` consecutive samples after the last step read clear.
public struct LineTestPlan: Hashable, Sendable {
    /// What the test pushes (rounded down to whole steps).
    public var volume: Volume
    /// The low flow it pushes at.
    public var rate: VolumeRate
    /// Consecutive clear samples after the last step that pass the test (at least 1).
    public var clearSamples: Int
    /// The profile's `post_occlusion_bolus_limit_nl`: the test never pushes more, whatever `volume` says.
    public var bolusLimit: Volume
    /// Line pressure (gauge, Pa) at or above which a sample fails the test; nil: the occlusion
    /// threshold in force. Lower than the occlusion threshold on a compliant line, where the
    /// bounded volume pushed into a still-blocked catheter raises the pressure less than the
    /// threshold that took many steps to reach.
    public var thresholdPascals: Int64?
    /// Pressure rise (Pa) during the test, above the lowest sample since it began, at or above
    /// which a sample fails it; nil: half the test's threshold. A blocked line's pressure climbs
    /// with every step pushed whatever level relief left it at, so this catches a rigid blocked
    /// line that relief drained further than the test's volume can refill (which the absolute
    /// threshold alone would pass); a cleared line does not hold the pushed volume.
    public var risePascals: Int64?

    public init(
        volume: Volume, rate: VolumeRate, clearSamples: Int, bolusLimit: Volume, thresholdPascals: Int64? = nil,
        risePascals: Int64? = nil
    ) {
        self.thresholdPascals = thresholdPascals
        self.risePascals = risePascals
        precondition(clearSamples >= 1 && rate.picolitresPerDay > 0)
        self.volume = volume
        self.rate = rate
        self.clearSamples = clearSamples
        self.bolusLimit = bolusLimit
    }

    /// For rigs built in code without a profile: 1 µL at 0.1 mL/h, 3 clear samples, limit 2 µL.
    public static let standard = LineTestPlan(
        volume: .nanolitres(1_000), rate: .microlitresPerHour(100), clearSamples: 3,
        bolusLimit: .nanolitres(2_000))

    /// The picolitres the test may push with `step`: `min(volume, bolusLimit)` in whole steps.
    public func pushablePicolitres(step: StepVolume) -> Int64 {
        let cap = min(volume.picolitres, bolusLimit.picolitres)
        return cap / step.picolitres * step.picolitres
    }
}
