public import PumpCore

/// What status shows about the alarm outputs, copied out of the loop thread.
public struct AnnunciationSnapshot: Hashable, Sendable {
    /// The priority annunciating (nil: nothing); whether the buzzer sounds or is silenced.
    public var priority: AlarmPriority?
    /// The sound is paused until then (nil: not silenced).
    public var silencedUntil: CivilTime?
    /// An alarm test is running.
    public var testing: Bool
    public var lastSelfTest: SelfCheckReport?
    public var lastAlarmTest: SelfCheckReport?
}

extension ControlCycle {
    /// The alarm outputs' state for status; nil on a rig without alarm outputs.
    func annunciationSnapshot() -> AnnunciationSnapshot? {
        guard rig.alarmOutputs != nil else { return nil }
        let annunciator = annunciation.annunciator
        let now = session.clock
        let silenced = annunciator.silencedUntil.flatMap { until in until > now.monotonic ? now.wall + (until - now.monotonic) : nil }
        return AnnunciationSnapshot(
            priority: annunciator.priority, silencedUntil: silenced, testing: annunciator.testStart != nil,
            lastSelfTest: annunciation.lastSelfTest, lastAlarmTest: annunciation.lastAlarmTest)
    }
}
