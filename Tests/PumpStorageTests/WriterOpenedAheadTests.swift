import Foundation
@testable import PumpStorage
import Testing

/// The writer opened by the checks made ahead once they pass (issue 13, i13-poolahead): only where
/// opening it writes nothing to the database file; the open continues with it; and a start that
/// never uses it, or a re-check that refuses the file, closes it with the file byte for byte as it was.
@Suite struct WriterOpenedAheadTests {
    /// The checks made ahead of `directory`'s database, as the open takes them.
    static func checkedAhead(_ directory: TemporaryDirectory) throws -> CheckedDatabase {
        let ahead = try #require(DatabaseCheckAhead.begin(directory: directory.path))
        return try #require(try ahead.checked())
    }

    @Test func aCleanDatabaseIsOpenedForWritingByTheChecksAheadAndTheOpenUsesThatWriter() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        do {
            let checked = try Self.checkedAhead(directory)
            #expect(checked.holdsWriter)
            #expect(CheckedFilesState.of(checked.files) == checked.filesState, "the state recorded is the one after the early open")
            #expect(directory.exists("pumpd.sqlite-wal"))
            let database = try PumpDatabase.open(directory: directory.path, checked: checked)
            #expect(!checked.holdsWriter, "the open continues with the writer opened ahead")
            #expect(try database.latestCheckpoint() == Fixture.checkpoint(3))
            _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(4)) }
            database.close()
        }
        let reopened = try directory.open()
        #expect(try reopened.latestCheckpoint() == Fixture.checkpoint(4))
        reopened.close()
    }

    @Test func aWriterOpenedAheadButNeverUsedIsClosedLeavingTheFilesAsTheyWere() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        let before = try directory.contents(), files = try directory.files().filter { !$0.hasSuffix(".lock") }
        let ahead = try #require(DatabaseCheckAhead.begin(directory: directory.path))
        ahead.finish()  // a start that stops before it opens its state (a broken profile)
        #expect(try directory.contents() == before)
        #expect(try directory.files().filter { !$0.hasSuffix(".lock") } == files, "the -wal and -shm are gone")
        // The lock went with it: the database opens.
        try directory.open().close()
        withExtendedLifetime(ahead) {}
    }

    @Test func noWriterIsOpenedAheadForADatabaseWithFindingsOrEvidenceOfARollback() throws {
        let damaged = try CheckAheadTests.altered(by: "DROP TRIGGER events_no_delete")
        let before = try damaged.contents()
        #expect(throws: StorageError.self) { _ = try Self.checkedAhead(damaged) }
        #expect(try damaged.contents() == before && !damaged.exists("pumpd.sqlite-wal"))

        let (_, database, crashed) = try SealTests().crashedCopy(leaving: ["pumpd.sqlite-wal"])
        database.close()
        let checked = try Self.checkedAhead(crashed)
        #expect(!checked.rolledBack.isEmpty && !checked.holdsWriter)
    }

    /// A log left with commits in it (a power cut): the writer's close would fold them into the
    /// file, so it is left for the open, which opens as before.
    @Test func noWriterIsOpenedAheadBesideALogHoldingCommits() throws {
        let (_, database, crashed) = try SealTests().crashedCopy(leaving: [])
        database.close()
        let before = try crashed.contents(), log = try crashed.contents("pumpd.sqlite-wal")
        #expect(!log.isEmpty)
        let ahead = try #require(DatabaseCheckAhead.begin(directory: crashed.path))
        let checked = try #require(try ahead.checked())
        #expect(checked.rolledBack.isEmpty && !checked.holdsWriter)
        #expect(try crashed.contents() == before && crashed.contents("pumpd.sqlite-wal") == log)
        let opened = try PumpDatabase.open(directory: crashed.path, checked: checked)
        #expect(try opened.latestCheckpoint() == Fixture.checkpoint(2))
        opened.close()
    }

    @Test func noWriterIsOpenedAheadForADatabaseToMigrate() throws {
        let directory = try TemporaryDirectory()
        try SchemaMigrationTests.makeVersion1(in: directory)
        let checked = try Self.checkedAhead(directory)
        #expect(checked.version == 1 && !checked.holdsWriter)
        try PumpDatabase.open(directory: directory.path, checked: checked).close()
    }

    @Test func noWriterIsOpenedAheadForAFileNotYetInWALMode() throws {
        let directory = try CheckAheadTests.altered(by: "SELECT 1")
        let raw = try rawQueue(directory.databasePath)
        _ = try raw.writeWithoutTransaction { db in try String.fetchOne(db, sql: "PRAGMA journal_mode = DELETE") }
        try raw.close()
        let before = try directory.contents()
        #expect(!DatabaseHeader.isInWALMode(path: directory.databasePath))
        let checked = try Self.checkedAhead(directory)
        #expect(!checked.holdsWriter)
        #expect(try directory.contents() == before, "nothing is written before the open")
        try PumpDatabase.open(directory: directory.path, checked: checked).close()
        #expect(DatabaseHeader.isInWALMode(path: directory.databasePath), "the open sets WAL mode as before")
    }

    @Test func aDamagedFilePutInPlaceAfterTheWriterOpenedAheadIsRefusedAndLeftAsItWas() throws {
        let damaged = try CheckAheadTests.altered(by: "DROP TRIGGER events_no_delete")
        let directory = try CheckAheadTests.withCheckpoints()
        let checked = try Self.checkedAhead(directory)
        #expect(checked.holdsWriter)
        try CheckAheadSwapReviewTests.swap(damaged.databasePath, into: directory)  // while the profile loads
        let swappedIn = try directory.contents()
        guard case .damaged? = storageError({ try PumpDatabase.open(directory: directory.path, checked: checked).close() }) else {
            Issue.record("expected damaged")
            return
        }
        #expect(!checked.holdsWriter, "the early writer is closed")
        #expect(try directory.contents() == swappedIn, "the refused file is left byte for byte")
        // SQLite keeps a log whose database file was moved (SQLITE_FCNTL_HAS_MOVED): the early
        // writer's, empty, may stay beside the refused file; it holds nothing.
        #expect(try !directory.exists("pumpd.sqlite-wal") || directory.contents("pumpd.sqlite-wal").isEmpty)
    }

    @Test func aFileChangedAfterTheWriterOpenedAheadButStillGoodIsCheckedAgainAndOpenedAnew() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        let checked = try Self.checkedAhead(directory)
        #expect(checked.holdsWriter)
        try CheckAheadSwapReviewTests.swap(directory.databasePath, into: directory)  // a copy of itself, a new inode
        let database = try PumpDatabase.open(directory: directory.path, checked: checked)
        #expect(!checked.holdsWriter, "closed before the file was checked again")
        #expect(try database.latestCheckpoint() == Fixture.checkpoint(3))
        database.close()
    }
}
