public import PumpCore

/// Occlusion detection: a pressure switch, a pressure channel, or both (a simulated rig models
/// line pressure), and the bounded relief after an occlusion.
public struct OcclusionSensorProfile: Hashable, Sendable {
    /// Asserted while the line is occluded.
    public var pressureSwitch: SwitchInput?
    /// Line pressure (quantity `.pressurePascals`).
    public var pressure: AnalogChannelSpec?
    /// Gauge pressure at or above which a sample counts as occluded; set when pressure is measured.
    public var thresholdPascals: Int64?
    /// Consecutive occluded samples (switch or pressure) that confirm an occlusion.
    public var confirmSamples: Int64
    public var pollInterval: TimeSpan
    /// Volume withdrawn by reverse steps after a confirmed occlusion to relieve line pressure.
    public var reliefVolume: Volume
    /// Most volume that may reach the patient when an occlusion clears (what the line held under
    /// pressure); relief never exceeds it.
    public var postOcclusionBolusLimit: Volume
    /// Identical consecutive pressure readings that count as a stuck sensor (0: never); nil leaves
    /// the choice to the daemon (on for the simulated rig, whose channel carries noise).
    public var stuckAfterSamples: Int64?
    /// The line test a resume after an occlusion runs (`line_test_*` keys; defaults: the bolus
    /// limit's volume at 100 µL/h, `confirm_samples` clear samples, the occlusion threshold).
    public var lineTest: LineTestPlan

    public init(
        pressureSwitch: SwitchInput? = nil, pressure: AnalogChannelSpec? = nil, thresholdPascals: Int64?, confirmSamples: Int64,
        pollInterval: TimeSpan, reliefVolume: Volume, postOcclusionBolusLimit: Volume, stuckAfterSamples: Int64? = nil,
        lineTest: LineTestPlan? = nil
    ) {
        self.lineTest = lineTest ?? LineTestPlan(
            volume: postOcclusionBolusLimit, rate: .microlitresPerHour(100), clearSamples: Int(max(confirmSamples, 1)),
            bolusLimit: postOcclusionBolusLimit, thresholdPascals: thresholdPascals)
        self.pressureSwitch = pressureSwitch
        self.pressure = pressure
        self.thresholdPascals = thresholdPascals
        self.confirmSamples = confirmSamples
        self.pollInterval = pollInterval
        self.reliefVolume = reliefVolume
        self.postOcclusionBolusLimit = postOcclusionBolusLimit
        self.stuckAfterSamples = stuckAfterSamples
    }
}
