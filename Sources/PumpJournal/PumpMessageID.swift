/// One stable journal MESSAGE_ID per kind of pump event, so `journalctl MESSAGE_ID=…` finds every
/// event of a kind and `journalctl -x` shows its explanation from systemd/pumpd.catalog.
///
/// The raw value is the event's kind as the event log, the API and the journal name it: the
/// `recordKind` of `TherapyEvent` and of `ServiceEvent` (PumpService: reloaded settings, hourly
/// delivery totals, the daemon's own start and stop), and the rig's events.
/// The ids were generated once with `systemd-id128 new`. Never change one: operators' filters, alerting
/// rules and the catalog are keyed on it. A new kind gets a new id and a new catalog entry (the tests
/// check both).
public enum PumpMessageID: String, CaseIterable, Sendable {
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
    case callRefused
    case restored
    case rigFaultsSet
    case rigTimeAdvanced
    case rigTimeAdvanceCutShort
    case rigWallClockStepped
    case rigReservoirFilled
    case daemonStarted
    case daemonStopping
    case hourlyDelivery
    case settingsReloaded
    // Issue 14 (linecal).
    case lineTestStarted
    case lineTestPassed
    case lineTestFailed
    case calibrationRunStarted
    case calibrationRunFinished
    // Motion verification (issue 14, motion).
    case stallRetry
    // Issue 14, alarm outputs.
    case alarmsSilenced
    case alarmTest
    case selfTest

    /// The event kind's id for a kind string, or nil for a kind this list does not know.
    public init?(kind: String) { self.init(rawValue: kind) }

    public var kind: String { rawValue }

    /// The 128-bit id as 32 lowercase hex digits (journald's form).
    public var id128: String {
        switch self {
        case .programCommitted: "6bcefe7f7926485f901f61f8dc135d7b"
        case .deliveryStarted: "cb5ecf861f98463e917b72297dc9a50a"
        case .deliveryStopped: "a96727d7f783460db57f83d931c02a10"
        case .deliveryNotStarted: "179a7d3184344882a1f41ea23f9948dc"
        case .bolusStarted: "a6d2476e07ba426196004382bca497fa"
        case .bolusCompleted: "b01eed4962894b03a094212b08d46bba"
        case .bolusInterrupted: "ef98efbe330b4103b7d970df7b9ba948"
        case .primingStarted: "d94ce2cae9144a21a1ce0bd9878f637d"
        case .primingCompleted: "89289c6fe40841aca0bc2083fb6984dc"
        case .periodicBolusSkipped: "a229fb949c3f4fb69fb77e7ce3b7ce30"
        case .refilled: "c2f88d1da20a41ecb965db400eb7201c"
        case .calibrated: "0efd5089a0a14c71bbfed25e16222220"
        case .alarmRaised: "3ce7ee0e6e9a408396914af4ceb7265e"
        case .alarmCleared: "60e2a8d7c1f0464e93bc385ab7caf862"
        case .alarmAcknowledged: "54a5f810944645449cac89f7920d4092"
        case .wallClockJumped: "1d98082c2bb24e6fa273dae7a08f1022"
        case .deliveryGap: "6d045a558a6f4e6fb7dce80bb918f81a"
        case .loopStalled: "5d62a46335024950a964318524e8a176"
        case .callRefused: "96b80d5b05334da89ffc6869e6bf1036"
        case .restored: "216c0653a75c42919b19ee6d86e2a46c"
        case .rigFaultsSet: "1cbf9602590a4174ba687af9a788aaee"
        case .rigTimeAdvanced: "bbd00fe8bc544859bf33cfc9759638d2"
        case .rigTimeAdvanceCutShort: "1717c4af2ea24794a67669e5d39ca5cd"
        case .rigReservoirFilled: "0e40ba80c6bf4ca58280b739460b44b2"
        case .rigWallClockStepped: "eab9b3114e064d3d9cd1f918de475fdc"
        case .daemonStarted: "5f408eb9b83f40e0a80271cec44856e2"
        case .daemonStopping: "3d07af6704924fd7befc9ba81d213582"
        case .hourlyDelivery: "d1751c531f994a8e84895e8ff9d48efa"
        case .settingsReloaded: "9edbb96aaa934ca396091ac72a8dac2b"
        // Issue 14 (linecal).
        case .lineTestStarted: "2efd0e998e1847b7b7a2af0f8f2ad7c8"
        case .lineTestPassed: "eda2b61cce754768b14c9b254d876766"
        case .lineTestFailed: "ac50c398dfa6409b9a661109a3796fa4"
        case .calibrationRunStarted: "3ffa5ed248aa43eca9cf0c3f2e994f06"
        case .calibrationRunFinished: "ac5372b719aa48b2aab13e3d69f291e0"
        case .stallRetry: "1d74815f5d0c4fb3a0dd4fc02b6970ea"
        case .alarmsSilenced: "99244bd6abbe4308a907951c5785146b"
        case .alarmTest: "814bb2895b53414e9d7ecf802c0e1767"
        case .selfTest: "8ca8865843e54ffd87b5ffc0df9de0cd"
        }
    }
}
