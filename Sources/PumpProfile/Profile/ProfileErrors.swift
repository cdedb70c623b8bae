/// Every issue found in one profile (and the drug library it names), in file order; prints like a compiler, one line per issue:
/// `hw-profiles/x.toml:12:1: error: motor.step_volum_pl: unknown key (did you mean step_volume_pl?)`.
public struct ProfileErrors: Error, Hashable, Sendable, CustomStringConvertible {
    /// The path as given to `load(path:)` or `parse(text:file:)`.
    public var file: String
    public var issues: [ProfileIssue]

    public init(file: String, issues: [ProfileIssue]) {
        self.file = file
        // The checked file's issues first, then those of a file it names (its drug library).
        self.issues = issues.sorted { ($0.file ?? "", $0.location ?? .start, $0.keyPath) < ($1.file ?? "", $1.location ?? .start, $1.keyPath) }
    }

    /// One line per issue.
    public var lines: [String] {
        issues.map { "\($0.file ?? file):\($0)" }
    }

    public var description: String { lines.joined(separator: "\n") }
}
