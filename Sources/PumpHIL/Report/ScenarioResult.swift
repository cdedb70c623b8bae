/// A scenario's verdict and everything behind it.
public struct ScenarioResult: Sendable {
    public var scenario: Scenario
    public var run: RecordedRun
    public var expectations: [ExpectationResult]
    /// Why the scenario could not run to its end (the harness or pumpd failed); nil if it did.
    public var failure: String?
    /// Real time the run took, s.
    public var wallSeconds: Double
    /// Scenario time it covered, s.
    public var simulatedSeconds: Int64
    /// The end of pumpd's output, kept when something failed.
    public var pumpdLog: String

    public init(
        scenario: Scenario, run: RecordedRun, expectations: [ExpectationResult], failure: String?, wallSeconds: Double, simulatedSeconds: Int64,
        pumpdLog: String
    ) {
        self.scenario = scenario
        self.run = run
        self.expectations = expectations
        self.failure = failure
        self.wallSeconds = wallSeconds
        self.simulatedSeconds = simulatedSeconds
        self.pumpdLog = pumpdLog
    }

    public var passed: Bool { failure == nil && expectations.allSatisfy(\.passed) && run.actions.allSatisfy(\.passed) }

    /// Every failure in words: harness, actions, expectations.
    public var problems: [String] {
        var found: [String] = []
        if let failure { found.append("harness: \(failure)") }
        for action in run.actions where !action.passed { found.append("action \(action.label): \(action.result)") }
        for result in expectations where !result.passed { found.append("\(result.name) (\(result.origin)): \(result.reason)") }
        return found
    }
}
