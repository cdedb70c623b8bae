/// How one expectation came out: passed or not, what was measured, and why.
public struct ExpectationResult: Sendable, Hashable {
    public var name: String
    public var origin: String
    public var passed: Bool
    /// The number the expectation judged (e.g. "alarm 0.3 s after onset"), for reports.
    public var measured: String
    /// Why it failed, in words (empty when it passed).
    public var reason: String

    public init(name: String, origin: String, passed: Bool, measured: String, reason: String = "") {
        self.name = name
        self.origin = origin
        self.passed = passed
        self.measured = measured
        self.reason = reason
    }
}
