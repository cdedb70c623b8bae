import Foundation
import GRDB
import PumpStorage
import PumpTestKit
import Testing

/// Files pumpd must refuse rather than open, and must leave exactly as they were.
@Suite("Refused files")
struct RefusedFileTests {
    @Test func fileOfRandomBytesIsNotAPumpDatabaseAndIsLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        var generator = SplitMix64(seed: 0x5EED)
        let garbage = Data((0..<16_384).map { _ in UInt8(truncatingIfNeeded: generator.next()) })
        try directory.write(garbage)
        let error = storageError { _ = try directory.open() }
        guard case .notAPumpDatabase(let path, _)? = error else {
            Issue.record("expected notAPumpDatabase, got \(String(describing: error))")
            return
        }
        #expect(path == directory.databasePath)
        #expect(try directory.contents() == garbage)
        #expect(!directory.exists("pumpd.sqlite-wal") && !directory.exists("pumpd.sqlite-shm"))
    }

    @Test func emptyFileIsNotAPumpDatabaseAndIsLeftInPlace() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Data())
        guard case .notAPumpDatabase? = storageError({ _ = try directory.open() }) else {
            Issue.record("expected notAPumpDatabase")
            return
        }
        #expect(try directory.contents().isEmpty)
    }

    @Test func sqliteDatabaseOfAnotherApplicationIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        let other = try rawQueue(directory.databasePath)
        try other.write { db in
            try db.execute(sql: "PRAGMA application_id = 1234567; CREATE TABLE notes (text TEXT)")
            try db.execute(sql: "INSERT INTO notes VALUES ('not a pump')")
        }
        try other.close()
        let before = try directory.contents()
        let error = storageError { _ = try directory.open() }
        guard case .notAPumpDatabase(_, let reason)? = error else {
            Issue.record("expected notAPumpDatabase, got \(String(describing: error))")
            return
        }
        #expect(reason.contains("another application"))
        #expect(try directory.contents() == before)
    }

    @Test func sqliteDatabaseWithoutApplicationIDIsRefused() throws {
        let directory = try TemporaryDirectory()
        let other = try rawQueue(directory.databasePath)
        try other.write { db in try db.execute(sql: "CREATE TABLE t (x INTEGER)") }
        try other.close()
        guard case .notAPumpDatabase? = storageError({ _ = try directory.open() }) else {
            Issue.record("expected notAPumpDatabase")
            return
        }
    }

    /// A closed database of 2,000 events whose middle page (in the events table's b-tree) is
    /// overwritten with garbage, and its file's bytes.
    static func withCorruptPage() throws -> (directory: TemporaryDirectory, file: Data) {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in
            for second in 0..<2_000 {
                try tx.appendEvent(
                    wallNanoseconds: Fixture.baseWall + Int64(second) * Fixture.second, utcOffsetSeconds: 0,
                    kind: "stepDelivered", summary: String(repeating: "step \(second) ", count: 20),
                    detail: #"{"step":\#(second)}"#, actor: nil)
            }
        }
        database.close()

        var file = try directory.contents()
        let pageSize = Int(file[16]) << 8 | Int(file[17])
        let pageCount = file.count / pageSize
        #expect(pageCount > 20)
        let damagedPage = pageCount / 2
        var generator = SplitMix64(seed: 0xBAD)
        for offset in (damagedPage * pageSize)..<((damagedPage + 1) * pageSize) {
            file[offset] = UInt8(truncatingIfNeeded: generator.next())
        }
        try directory.write(file)
        return (directory, file)
    }

    @Test func damagedDatabaseIsRefusedNotReplaced() throws {
        let (directory, file) = try Self.withCorruptPage()
        let error = storageError { _ = try directory.open() }
        guard case .damaged(let path, let findings)? = error else {
            Issue.record("expected damaged, got \(String(describing: error))")
            return
        }
        #expect(path == directory.databasePath)
        #expect(!findings.isEmpty)
        #expect(try directory.contents() == file)
        #expect(try directory.files() == ["pumpd.sqlite", "pumpd.sqlite.lock", "pumpd.sqlite.seal"])
        #expect(error?.description.contains("did not change or replace it") == true)
    }

    /// With a `-journal` beside it the check reads through a plain read-only connection, which
    /// creates a `-wal` and a `-shm`: the refusal removes them again.
    @Test func damagedDatabaseWithAStrayRollbackJournalIsRefusedWithNoCompanionLeftBehind() throws {
        let (directory, file) = try Self.withCorruptPage()
        let journal = directory.databasePath + "-journal"
        #expect(FileManager.default.createFile(atPath: journal, contents: Data()))
        let error = storageError { _ = try directory.open() }
        guard case .damaged? = error else {
            Issue.record("expected damaged, got \(String(describing: error))")
            return
        }
        #expect(try directory.contents() == file)
        #expect(try directory.files() == ["pumpd.sqlite", "pumpd.sqlite-journal", "pumpd.sqlite.lock", "pumpd.sqlite.seal"])
    }

    @Test func newerSchemaVersionIsRefusedAndLeftUnchanged() throws {
        let directory = try TemporaryDirectory()
        try directory.open().close()
        let raw = try rawQueue(directory.databasePath)
        try raw.write { db in try db.execute(sql: "PRAGMA user_version = 99") }
        try raw.close()
        let before = try directory.contents()
        let error = storageError { _ = try directory.open() }
        #expect(error == .newerSchema(path: directory.databasePath, found: 99, supported: PumpDatabase.schemaVersion))
        #expect(try directory.contents() == before)
    }

    @Test func databaseWhoseHistoryTriggerWasDroppedIsReportedDamaged() throws {
        let directory = try TemporaryDirectory()
        try directory.open().close()
        let raw = try rawQueue(directory.databasePath)
        try raw.write { db in try db.execute(sql: "DROP TRIGGER events_no_delete") }
        try raw.close()
        let error = storageError { _ = try directory.open() }
        guard case .damaged(_, let findings)? = error else {
            Issue.record("expected damaged, got \(String(describing: error))")
            return
        }
        #expect(findings == ["schema trigger events_no_delete is missing"])
    }
}

/// A small deterministic generator, so a failing test fails the same way every run.
