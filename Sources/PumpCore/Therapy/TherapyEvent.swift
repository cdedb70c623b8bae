/// Something that changed therapy, for the journal, the event log and watchers. Routine steps are
/// not events.
public struct TherapyEvent: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        case programCommitted(old: ProgramSummary?, new: ProgramSummary)
        case deliveryStarted
        case deliveryStopped(StopCause)
        case bolusStarted(VolumeTask.Kind, dose: DrugMass, volume: Volume, duration: TimeSpan)
        case bolusCompleted(VolumeTask.Kind, volume: Volume)
        case bolusInterrupted(VolumeTask.Kind, delivered: Volume, planned: Volume)
        case primingStarted(volume: Volume)
        case primingCompleted(volume: Volume)
        case periodicBolusSkipped
        case refilled(RefillOutcome)
        case calibrated(old: StepVolume, new: StepVolume)
        case alarmRaised(Alarm)
        case alarmCleared(Alarm)
        case alarmAcknowledged(AlarmKind)
        case wallClockJumped(by: TimeSpan)
        /// Delivery was off (stop, alarm or outage); `missed` was owed by the program and will not
        /// be delivered.
        case deliveryGap(duration: TimeSpan, missed: Volume)
    }

    public let time: CivilTime
    public let kind: Kind
}
