/// A plain-text table: columns padded to their widest cell, two spaces apart, trailing spaces
/// trimmed. Widths count characters, so `µ` takes one column.
public struct TextTable: Sendable {
    public var header: [String]?
    public var rows: [[String]]

    /// A table; rows may be ragged, missing cells count as empty.
    public init(header: [String]? = nil, rows: [[String]] = []) {
        self.header = header
        self.rows = rows
    }

    /// The table's lines, header first.
    public var lines: [String] {
        let all = (header.map { [$0] } ?? []) + rows
        let columns = all.map(\.count).max() ?? 0
        let widths = (0..<columns).map { column in all.map { column < $0.count ? $0[column].count : 0 }.max() ?? 0 }
        return all.map { row in
            var line = ""
            for (column, cell) in row.enumerated() {
                if column > 0 { line += "  " }
                line += cell + String(repeating: " ", count: widths[column] - cell.count)
            }
            while line.hasSuffix(" ") { line.removeLast() }
            return line
        }
    }

    /// The lines joined, without a trailing newline.
    public var text: String { lines.joined(separator: "\n") }
}
