/// Every issue found in one profile, in file order; prints like a compiler, one line per issue:
/// `hw-profiles/x.toml:12:1: error: motor.step_volum_pl: unknown key (did you mean step_volume_pl?)`.
public struct ProfileErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path as given to `load(path:)` or `parse(text:file:)`.
    public var file: String
    public var issues: [ProfileIssue]

    public init(file: String, issues: [ProfileIssue]) {
        self.file = file
        self.issues = issues.sorted { ($0.location ?? .start, $0.keyPath) < ($1.location ?? .start, $1.keyPath) }
    }

    /// One line per issue.
    public var lines: [String] {
        issues.map { "\(file):\($0)" }
    }

    public var description: String { lines.joined(separator: "\n") }
}
