/// A table written as RFC 4180 CSV: a header record, then one record per row, each ended by CRLF.
///
/// A field is enclosed in double quotes when it contains a comma, a double quote, a CR or an LF,
/// and a double quote inside it is doubled; every other field is written as it is (spaces
/// included, as RFC 4180 says they are part of the field).
public struct CSVTable: Hashable, Sendable {
    public private(set) var header: [String]
    public private(set) var rows: [[String]] = []

    public init(header: [String]) { self.header = header }

    /// Adds a row; it must have one field per header column.
    public mutating func append(_ row: [String]) {
        precondition(row.count == header.count, "a CSV row has \(row.count) fields for \(header.count) columns")
        rows.append(row)
    }

    /// The table as CSV text.
    public var text: String {
        var text = ""
        for record in [header] + rows {
            text += record.map(Self.escape).joined(separator: ",")
            text += "\r\n"
        }
        return text
    }

    /// `field` as one RFC 4180 field.
    public static func escape(_ field: String) -> String {
        let needsQuotes = field.unicodeScalars.contains { $0 == "," || $0 == "\"" || $0 == "\r" || $0 == "\n" }
        guard needsQuotes else { return field }
        return "\"" + field.replacing("\"", with: "\"\"") + "\""
    }
}
