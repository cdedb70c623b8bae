public import Varlink

/// One hazard scenario: a rig, a program, a timeline of actions (faults, calls, restarts, clock
/// steps) and what the pump must do. Times are seconds since the scenario started, on the
/// scenario's own timeline (virtual time that an outage also advances; a wall-clock step does not).
public struct Scenario: Sendable, Hashable {
    /// The file it came from, for reports.
    public var file: String
    public var name: String
    /// The hazard of the source documents this scenario covers, in their words.
    public var hazard: String
    public var summary: String
    /// The rig profile pumpd runs: an absolute path, found from the scenario file's place (``ProfileLocator``).
    public var profile: String
    /// Where the virtual clock starts (RFC 3339).
    public var start: String
    public var durationSeconds: Int64
    /// How often the harness samples status and truth outside expectation windows.
    public var sampleEverySeconds: Int64
    /// How often it samples inside a window an expectation times (a deadline).
    public var resolutionSeconds: Int64
    /// The program committed at time 0 (io.pumpd.Pump's wire form); nil: none.
    public var prescription: JSONValue?
    /// Further programs, by name, that actions commit.
    public var prescriptions: [String: JSONValue]
    public var actions: [ScenarioAction]
    public var expectations: [Expectation]

    public init(
        file: String, name: String, hazard: String, summary: String, profile: String, start: String, durationSeconds: Int64,
        sampleEverySeconds: Int64, resolutionSeconds: Int64, prescription: JSONValue?, prescriptions: [String: JSONValue],
        actions: [ScenarioAction], expectations: [Expectation]
    ) {
        self.file = file
        self.name = name
        self.hazard = hazard
        self.summary = summary
        self.profile = profile
        self.start = start
        self.durationSeconds = durationSeconds
        self.sampleEverySeconds = sampleEverySeconds
        self.resolutionSeconds = resolutionSeconds
        self.prescription = prescription
        self.prescriptions = prescriptions
        self.actions = actions
        self.expectations = expectations
    }

    /// Whether any action restarts pumpd (then the harness must own the process).
    public var restartsDaemon: Bool { actions.contains { if case .restart = $0.kind { true } else { false } } }
}
