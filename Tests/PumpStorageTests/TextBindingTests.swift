import Testing

@testable import PumpStorage

/// Text is stored as it is read back: up to its first NUL (as GRDB bound it), so what a check
/// constraint or a digest sees is what the store returns.
@Suite struct TextBindingTests {
    @Test func textWithANulIsStoredOnlyUpToItAsItIsReadBack() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { transaction in
            _ = try transaction.appendEvent(wallNanoseconds: 1, utcOffsetSeconds: 0, kind: "note", summary: "before\u{0}after", actor: nil)
        }
        let stored = try database.read { db in
            try Row.fetchOne(db, sql: "SELECT length(CAST(summary AS BLOB)) AS bytes, summary FROM events ORDER BY rowid DESC LIMIT 1")
        }
        #expect(stored?["bytes"] as Int64? == 6)
        #expect(stored?["summary"] as String? == "before")
    }
}
