/// Why a scenario file cannot be run: every problem, each with its place (`file:line:column`)
/// and key path, so the test engineer fixes them all in one go. Nothing runs while any remain.
public struct ScenarioError: Error, Sendable, Hashable, CustomStringConvertible {
    public struct Problem: Sendable, Hashable, CustomStringConvertible {
        public var file: String
        public var line: Int
        public var column: Int
        /// The key path, e.g. `expect[2].within_s`; empty for the file as a whole.
        public var key: String
        public var message: String

        public var description: String { "\(file):\(line):\(column): " + (key.isEmpty ? "" : "\(key): ") + message }
    }

    public var problems: [Problem]

    public init(problems: [Problem]) { self.problems = problems }

    public var description: String { problems.map(\.description).joined(separator: "\n") }
}
