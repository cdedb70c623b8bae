public import PumpBalance
/// Why a balance log (CSV) cannot be read: what is wrong, and on which line.
public enum BalanceCSVError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The file has no header line.
    case noHeader
    /// The file has a header but no data lines.
    case noRecords
    /// A quoted field is not closed before the end of the file.
    case unterminatedQuote(line: Int)
    /// The time or mass column is not in the header (`named` is the configured name, if any).
    case columnNotFound(role: String, named: String?, header: [String])
    /// A data line has no field for `column`, or an empty one.
    case missingField(line: Int, column: String)
    /// The time field is not in the form of the first record's.
    case badTime(line: Int, text: String, expected: String)
    /// The mass field is not a usable decimal number.
    case badMass(line: Int, text: String, error: BalanceMassError)
    /// The mass field or column names a unit other than g, mg or kg.
    case unsupportedUnit(line: Int, text: String)
    /// The mass field's unit differs from the one the configuration or header gives.
    case unitConflict(line: Int, expected: BalanceMassUnit, found: BalanceMassUnit)
    /// A record's time is not after the previous record's.
    case nonMonotonicTime(line: Int, text: String, previousLine: Int)

    public var description: String {
        switch self {
        case .noHeader: "the balance log is empty: expected a header line naming a time and a mass column"
        case .noRecords: "the balance log has a header but no readings"
        case .unterminatedQuote(let line): "line \(line): a quoted field is never closed"
        case .columnNotFound(let role, let named, let header):
            (named.map { "no column named \(String(reflecting: $0))" } ?? "no \(role) column (a header containing "
                + (role == "time" ? "\"elapsed\" or \"time\"" : "\"mass\", \"weight\" or \"net\"") + ")")
                + " in the header \(header.map { String(reflecting: $0) }.joined(separator: ", "))"
        case .missingField(let line, let column): "line \(line): no value in the \(String(reflecting: column)) column"
        case .badTime(let line, let text, let expected): "line \(line): the time \(String(reflecting: text)) is not \(expected)"
        case .badMass(let line, _, let error): "line \(line): \(error)"
        case .unsupportedUnit(let line, let text): "line \(line): the unit \(String(reflecting: text)) is not g, mg or kg"
        case .unitConflict(let line, let expected, let found):
            "line \(line): the mass is in \(found.rawValue), but the column is in \(expected.rawValue)"
        case .nonMonotonicTime(let line, let text, let previous):
            "line \(line): the time \(String(reflecting: text)) is not after the time on line \(previous): times must increase"
        }
    }
}
