public import PumpCore

/// What status shows about the alarm outputs, copied out of the loop thread.
public struct AnnunciationSnapshot: Hashable, Sendable {
    /// The lamp's priority: the highest active alarm's, acknowledged or not (nil: nothing).
    public var priority: AlarmPriority?
    /// The buzzer's priority: the highest sounding alarm's (nil: the buzzer is quiet).
    public var sound: AlarmPriority?
    /// When an acknowledged high-priority alarm whose cause persists sounds again (nil: none waits).
    public var soundReturnsAt: CivilTime?
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
        func wall(_ instant: MonotonicInstant?) -> CivilTime? {
            instant.flatMap { $0 > now.monotonic ? now.wallTime(at: $0) : nil }
        }
        return AnnunciationSnapshot(
            priority: annunciator.priority, sound: annunciator.soundPriority, soundReturnsAt: wall(annunciator.soundReturns),
            silencedUntil: wall(annunciator.silencedUntil), testing: annunciator.testStart != nil,
            lastSelfTest: annunciation.lastSelfTest, lastAlarmTest: annunciation.lastAlarmTest)
    }
}
