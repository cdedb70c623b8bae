/// When unacknowledged alarms sound again, how long a silence may last, and how long an
/// acknowledgement quiets a high-priority alarm whose cause persists: the profile's
/// `[alarm_outputs]` re-alert intervals, `max_silence` and `acknowledge_pause`.
public struct AnnunciationSettings: Hashable, Sendable {
    /// From one burst's start to the next, per priority; nil: the burst sounds once.
    public var reAlertHigh: TimeSpan
    public var reAlertMedium: TimeSpan?
    public var reAlertLow: TimeSpan?
    /// The longest a silence may last (and its length when none is given).
    public var maxSilence: TimeSpan
    /// How long acknowledging a high-priority alarm whose cause persists pauses its sound; then it
    /// sounds again as unacknowledged until acknowledged again (IEC 60601-1-8: an acknowledgement
    /// may deactivate the sound of a lasting condition only for a bounded time).
    public var acknowledgePause: TimeSpan

    /// Defaults: high every 10 s (IEC 60601-1-8's inter-burst interval, 2.5–15 s for high); medium
    /// every hour (SynchroMed's non-critical beep, "repeating about once every hour": a patient
    /// lives with an implanted pump, and a reminder every half minute for days is an alarm
    /// nobody keeps on); low once; a silence at most 2 minutes (the Generic Infusion Pump
    /// requirement 3.2.1: a silenced alarm sounds again within 2 minutes); an acknowledged
    /// critical alarm whose cause persists sounds again after 15 minutes.
    public init(
        reAlertHigh: TimeSpan = .seconds(10), reAlertMedium: TimeSpan? = .hours(1), reAlertLow: TimeSpan? = nil,
        maxSilence: TimeSpan = .minutes(2), acknowledgePause: TimeSpan = .minutes(15)
    ) {
        self.reAlertHigh = reAlertHigh
        self.reAlertMedium = reAlertMedium
        self.reAlertLow = reAlertLow
        self.maxSilence = maxSilence
        self.acknowledgePause = acknowledgePause
    }

    /// The interval between bursts of `priority`, never shorter than its burst; nil: once.
    public func reAlert(_ priority: AlarmPriority) -> TimeSpan? {
        let interval: TimeSpan?
        switch priority {
        case .high: interval = reAlertHigh
        case .medium: interval = reAlertMedium
        case .low: interval = reAlertLow
        }
        return interval.map { max($0, AlarmSignalPattern.of(priority).burstLength) }
    }
}
