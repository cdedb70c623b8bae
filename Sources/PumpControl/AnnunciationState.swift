public import PumpCore

/// The control loop's alarm-output state: the pure annunciator, what was last driven, the
/// buzzer-sense tallies of a running alarm test, and the last reports. Loop thread only.
public struct AnnunciationState: Sendable {
    public internal(set) var annunciator = AlarmAnnunciator()
    /// What the outputs were last driven to.
    public internal(set) var driven = AnnunciatorLevels.off
    /// The next output edge (or test end); `.distantFuture` while nothing annunciates.
    public internal(set) var deadline = MonotonicInstant.distantFuture
    /// Run the power-on self-test in `ControlCycle.start` (pumpd sets it; harnesses need not).
    public var selfTestAtStart = false
    /// The last power-on self-test's and alarm test's reports.
    public internal(set) var lastSelfTest: SelfCheckReport?
    public internal(set) var lastAlarmTest: SelfCheckReport?
    /// Alarm tests finished since start (a caller waits for this to pass the count it started at).
    public internal(set) var alarmTestsFinished = 0
    /// Buzzer-sense disagreements outside a test, each kind since the sense last read right that
    /// way: silent while driven on (a dead buzzer) and sounding while driven off (one stuck on).
    /// Every third in a row raises alarm-system-failure.
    var silentWhileOnInRow = 0
    /// The sense has read right while driven on / off since its last disagreement (or start).
    var senseAgreedOn = false
    var senseAgreedOff = false
    /// When the buzzer was last driven on or off (the idle sense poll waits for it to settle).
    var buzzerChangedAt = MonotonicInstant(nanoseconds: 0)
    var soundingWhileOffInRow = 0
    /// The running alarm test's tallies.
    var test: AlarmTestTally?

    /// `body` on the annunciator in place: a nonmutating call made through the cycle's stored
    /// property copies the whole annunciator first (retains included), on every wake (issue 13).
    mutating func inPlace<Result>(_ body: (inout AlarmAnnunciator) -> Result) -> Result { body(&annunciator) }
}

/// What a running alarm test has seen so far.
struct AlarmTestTally: Sendable {
    /// The test's number (`SelfCheckReport.alarmTestNumber`), fixed when it starts.
    var number: Int
    var startedAt: CivilTime
    var started: MonotonicInstant
    /// Sense checks made (before each buzzer change) and how many disagreed.
    var senseChecks = 0
    var silentWhileOn = 0
    var soundWhileOff = 0
    /// The first drive error, per output.
    var buzzerError: String?
    var redError: String?
    var yellowError: String?
}
