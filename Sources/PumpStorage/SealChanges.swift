/// How one write transaction moved the sums of the tables sealed by a sum (`SealedTables.summed`):
/// each row it replaced taken out, each row it wrote put in (`RowDigest.rowHash`), so the seal
/// after the commit is the one before moved by this, with no read of the rest of the table.
/// Lives for one transaction, on the writer.
final class SealChanges {
    private(set) var deltas: [String: UInt64] = [:]

    /// `table`'s row `before` (nil: there was none) became `after`.
    func replaced(in table: String, _ before: Row?, with after: Row?) {
        var delta = deltas[table] ?? 0
        if let before { delta &-= RowDigest.rowHash(before) }
        if let after { delta &+= RowDigest.rowHash(after) }
        deltas[table] = delta
    }
}
