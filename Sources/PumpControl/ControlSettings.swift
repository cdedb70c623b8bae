public import PumpCore

/// What the control loop needs from the rig profile beyond the therapy core's rig configuration:
/// how often to look at each sensor and how to judge it.
public struct ControlSettings: Sendable {
    /// Line pressure: poll interval, occlusion threshold and confirmation count.
    public var pressurePoll: TimeSpan
    public var occlusionThresholdPascals: Int64
    public var occlusionConfirmSamples: Int
    /// Physical range of the pressure channel; a reading outside it is a sensor fault.
    public var pressureRangePascals: ClosedRange<Int64>
    /// After a confirmed occlusion, reverse this many steps to relieve the line (0: none).
    public var reliefSteps: Int
    /// Battery: poll interval and the number of readings averaged per reported value.
    public var batteryPoll: TimeSpan
    public var batteryAverageOf: Int
    public var batteryRangeMillivolts: ClosedRange<Int64>
    /// Binary inputs (occlusion switch, reservoir switch, driver fault) are polled this often when
    /// they have no edge events.
    public var switchPoll: TimeSpan
    /// Identical consecutive analog readings that count as a stuck sensor (0: off).
    public var stuckAfterSamples: Int
    /// A wake later than this after its deadline is a stall: an event with its duration and the
    /// volume the program missed in it.
    public var stallThreshold: TimeSpan
    // Motion verification (issue 14, motion).
    /// How motion is verified and stalls retried (used only when the rig has an encoder or a
    /// stall output).
    public var motion: MotionSettings
    /// Alarm outputs' re-alert intervals and longest silence (issue 14; `[alarm_outputs]`).
    public var annunciation = AnnunciationSettings()

    public init(
        pressurePoll: TimeSpan = .milliseconds(500), occlusionThresholdPascals: Int64 = 137_900,
        occlusionConfirmSamples: Int = 3, pressureRangePascals: ClosedRange<Int64> = -20_000...1_000_000,
        reliefSteps: Int = 0, batteryPoll: TimeSpan = .seconds(15), batteryAverageOf: Int = 10,
        batteryRangeMillivolts: ClosedRange<Int64> = 1_000...6_000, switchPoll: TimeSpan = .milliseconds(100),
        stuckAfterSamples: Int = 0, stallThreshold: TimeSpan = .seconds(1), motion: MotionSettings = MotionSettings()
    ) {
        self.motion = motion
        self.stallThreshold = stallThreshold
        self.pressurePoll = pressurePoll
        self.occlusionThresholdPascals = occlusionThresholdPascals
        self.occlusionConfirmSamples = occlusionConfirmSamples
        self.pressureRangePascals = pressureRangePascals
        self.reliefSteps = reliefSteps
        self.batteryPoll = batteryPoll
        self.batteryAverageOf = batteryAverageOf
        self.batteryRangeMillivolts = batteryRangeMillivolts
        self.switchPoll = switchPoll
        self.stuckAfterSamples = stuckAfterSamples
    }
}
