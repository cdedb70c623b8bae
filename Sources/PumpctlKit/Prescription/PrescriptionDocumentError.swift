/// A prescription file that cannot become a prescription: where (line and column), which key
/// (its dotted path, e.g. `limits.maximum_bolus`), and what was expected.
public struct PrescriptionDocumentError: Error, Hashable, Sendable, CustomStringConvertible {
    public var line: Int
    public var column: Int
    /// The dotted key, empty for the file as a whole (a TOML syntax error).
    public var key: String
    public var message: String

    public init(line: Int, column: Int, key: String, message: String) {
        self.line = line
        self.column = column
        self.key = key
        self.message = message
    }

    /// `12:21: limits.maximum_bolus: "50 ugg" is not …`.
    public var description: String { "\(line):\(column): " + (key.isEmpty ? message : "\(key): \(message)") }
}
