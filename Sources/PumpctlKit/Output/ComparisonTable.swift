public import PumpWire

/// The old-versus-new review of a program, as pumpd compared them: one row per line, rows pumpd
/// marks changed flagged with `*` in the first column, and a legend when anything changed.
public struct ComparisonTable: Sendable {
    public var rows: [WireComparisonRow]
    /// How changed rows are highlighted (besides their `*`).
    public var palette: Palette

    /// The review of ValidatePrescription's `comparison` rows.
    public init(rows: [WireComparisonRow], palette: Palette = .plain) {
        self.rows = rows
        self.palette = palette
    }

    /// The marker for a changed row.
    public static let changedMark = "*"

    /// The header, one line per row, and a legend counting the changed lines.
    public var lines: [String] {
        let table = TextTable(
            header: ["", "", "old", "new"],
            rows: rows.map { [$0.changed ? Self.changedMark : " ", $0.label, $0.old, $0.new] })
        let changes = rows.filter(\.changed).count
        let legend = changes == 0
            ? "no line changes"
            : "\(Self.changedMark) \(changes) line\(changes == 1 ? "" : "s") change\(changes == 1 ? "s" : "")"
        let lines = table.lines
        // The header comes first, then one line per row.
        let marked = lines.enumerated().map { index, line in
            index > 0 && index <= rows.count && rows[index - 1].changed ? palette.changed(line) : line
        }
        return marked + [changes == 0 ? legend : palette.changed(legend)]
    }

    /// The lines joined, without a trailing newline.
    public var text: String { lines.joined(separator: "\n") }
}
