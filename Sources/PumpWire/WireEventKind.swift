/// The kinds of event pumpd's event log holds (`Event.kind`, and what `GetHistory`'s `kinds`
/// filters on): the therapy session's events, the service's and daemon's records, and the audit
/// records of refused calls and rig changes. pumpd names every record it writes by one of these
/// cases, so a client that refuses a kind not listed here never refuses a real one.
public enum WireEventKind: String, CaseIterable, Sendable {
    // The therapy session's events.
    case programCommitted
    case deliveryStarted
    case deliveryStopped
    case deliveryNotStarted
    case bolusStarted
    case bolusCompleted
    case bolusInterrupted
    case primingStarted
    case primingCompleted
    case periodicBolusSkipped
    case refilled
    case calibrated
    case alarmRaised
    case alarmCleared
    case alarmAcknowledged
    case wallClockJumped
    case deliveryGap
    case loopStalled
    case restored
    // Issue 14 (linecal): the line test after an occlusion and the calibration run.
    case lineTestStarted
    case lineTestPassed
    case lineTestFailed
    case calibrationRunStarted
    case calibrationRunFinished
    // Motion verification (issue 14, motion).
    case stallRetry
    // The service's and daemon's records.
    case settingsReloaded
    case hourlyDelivery
    case daemonStarted
    case daemonStopping
    // Audit records of refused calls and rig changes.
    case callRefused
    case rigFaultsSet
    case rigReservoirFilled
    case rigTimeAdvanced
    /// An `AdvanceTime` that ended before the time it asked for: pumpd's stop, or a failed write.
    case rigTimeAdvanceCutShort
    case rigWallClockStepped
    // Issue 14, alarm outputs: a silence, a clinician's alarm test, the power-on self-test.
    case alarmsSilenced
    case alarmTest
    case selfTest

    /// Every kind, as the log spells it.
    public static let all: [String] = allCases.map(\.rawValue)
}
