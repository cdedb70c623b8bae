/// How one item of a self-check came out.
public enum SelfCheckOutcome: String, Hashable, Sendable, Codable {
    case passed = "passed"
    case failed = "failed"
    /// Driven without error, but nothing reads it back (a lamp, a buzzer without a sense line): a
    /// person must see or hear it.
    case unverified = "unverified"
}

/// One item of a power-on self-test or an alarm test: an output, the ENABLE path, a sensor.
public struct SelfCheckItem: Hashable, Sendable {
    /// What was checked, e.g. "buzzer", "red LED", "ENABLE path", "sensor sim:pressure".
    public var subject: String
    public var outcome: SelfCheckOutcome
    /// What was seen, with units, e.g. "sense read silent while driven on (3 of 14 pulses)".
    public var evidence: String
    /// The alarm a failure raises.
    public var alarm: AlarmKind

    public init(subject: String, outcome: SelfCheckOutcome, evidence: String, alarm: AlarmKind) {
        self.subject = subject
        self.outcome = outcome
        self.evidence = evidence
        self.alarm = alarm
    }
}

/// The outcome of a power-on self-test or a clinician's alarm test, item by item.
public struct SelfCheckReport: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable, Codable {
        /// At pumpd's start, before therapy resumes.
        case powerOnSelfTest = "selfTest"
        /// A clinician's `TestAlarms`.
        case alarmTest
    }

    public var kind: Kind
    public var items: [SelfCheckItem]
    public var startedAt: CivilTime
    /// How long it took on the pump's monotonic clock.
    public var duration: TimeSpan
    /// The test was cut short by a new alarm (an alarm test only): nothing failed, nothing proven.
    public var interrupted: Bool
    /// An alarm test's number since the loop started (1 first), fixed when it starts: it ties the
    /// report to whoever started that test, however late the report is recorded. Nil for a
    /// power-on self-test.
    public var alarmTestNumber: Int?

    public init(
        kind: Kind, items: [SelfCheckItem], startedAt: CivilTime, duration: TimeSpan, interrupted: Bool = false, alarmTestNumber: Int? = nil
    ) {
        self.kind = kind
        self.items = items
        self.startedAt = startedAt
        self.duration = duration
        self.interrupted = interrupted
        self.alarmTestNumber = alarmTestNumber
    }

    /// No item failed.
    public var passed: Bool { !items.contains { $0.outcome == .failed } }

    /// One line for people, e.g. "self-test passed: buzzer passed, …".
    public var summary: String {
        let name = kind == .powerOnSelfTest ? "power-on self-test" : "alarm test"
        let verdict = interrupted ? "interrupted by a new alarm" : passed ? "passed" : "FAILED"
        let list = items.map { "\($0.subject) \($0.outcome.rawValue) (\($0.evidence))" }.joined(separator: "; ")
        return "\(name) \(verdict) in \(duration.readable)" + (list.isEmpty ? "" : ": " + list)
    }
}
