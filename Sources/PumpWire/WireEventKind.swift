/// The kinds of event pumpd's event log holds (`Event.kind`, and what `GetHistory`'s `kinds`
/// filters on): the therapy session's events, the service's and daemon's records, and the audit
/// records of refused calls and rig changes. PumpServiceTests check that every kind pumpd records
/// is here, so a client can refuse a misspelt kind instead of silently matching nothing.
public enum WireEventKind {
    /// Every kind, as the log spells it.
    public static let all: [String] = [
        "programCommitted", "deliveryStarted", "deliveryStopped", "deliveryNotStarted", "bolusStarted", "bolusCompleted",
        "bolusInterrupted", "primingStarted", "primingCompleted", "periodicBolusSkipped", "refilled", "calibrated",
        "alarmRaised", "alarmCleared", "alarmAcknowledged", "wallClockJumped", "deliveryGap", "loopStalled", "restored",
        "settingsReloaded", "hourlyDelivery", "daemonStarted", "daemonStopping",
        "callRefused", "rigFaultsSet", "rigReservoirFilled", "rigTimeAdvanced", "rigWallClockStepped",
    ]
}
