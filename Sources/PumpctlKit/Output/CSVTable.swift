/// RFC 4180 CSV: a header row and data rows, fields quoted when they hold a comma, a double
/// quote, CR or LF (quotes doubled inside), rows ended by CRLF as the RFC says.
public struct CSVTable: Sendable {
    public var header: [String]
    public var rows: [[String]]

    /// A table with a header row and data rows of the same width.
    public init(header: [String], rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The whole table, every row (the last too) ended by CRLF.
    public var text: String {
        ([header] + rows).map { $0.map(Self.field).joined(separator: ",") + "\r\n" }.joined()
    }

    /// One field, quoted when it must be.
    public static func field(_ value: String) -> String {
        let needsQuotes = value.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return value }
        return "\"" + value.replacing("\"", with: "\"\"") + "\""
    }
}
