import Foundation
@testable import PumpStorage
import Synchronization
import Testing

/// The open's checks made ahead on a thread of their own (`DatabaseCheckAhead`, issue 13: pumpd
/// checks its state while it loads its profile): the open that continues from them refuses what
/// the open alone refuses, with the same error, leaves the files as they were, and opens what it
/// opens.
@Suite("Checks made ahead of the open") struct CheckAheadTests {
    /// The open's outcome: its error (its directory named DIR), or nil and the evidence it opened despite.
    func outcome(_ directory: TemporaryDirectory, ahead: Bool, accepting: Bool = false) -> (error: String?, despite: [String]) {
        do throws(StorageError) {
            let checked = ahead ? DatabaseCheckAhead.begin(directory: directory.path) : nil
            #expect(!ahead || checked != nil, "an existing database is checked ahead")
            let database = try PumpDatabase.open(
                directory: directory.path, acceptingRestoredState: accepting, checked: try checked?.checked())
            defer { database.close() }
            return (nil, database.restoredDespite)
        } catch {
            return (error.description.replacingOccurrences(of: directory.path, with: "DIR"), [])
        }
    }

    /// Both opens of the same files, each on its own copy, and the files each left.
    func bothWays(_ make: () throws -> TemporaryDirectory, accepting: Bool = false) throws {
        let plain = try make(), ahead = try make()
        let plainBefore = try plain.contents(), aheadBefore = try ahead.contents()
        #expect(plainBefore == aheadBefore)
        let alone = outcome(plain, ahead: false, accepting: accepting)
        let checkedAhead = outcome(ahead, ahead: true, accepting: accepting)
        #expect(checkedAhead.error == alone.error)
        #expect(checkedAhead.error?.contains("DIR/pumpd.sqlite") ?? true)
        #expect(checkedAhead.despite == alone.despite)
        #expect(try ahead.files() == plain.files())
        if alone.error != nil { #expect(try ahead.contents() == aheadBefore, "a refused file is left as it was") }
    }

    static func withCheckpoints() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        for index in 1...3 { _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(Int64(index))) } }
        database.close()
        return directory
    }

    @Test func aCleanDatabaseOpensAsItDoesWithoutTheChecksAhead() throws {
        try bothWays(Self.withCheckpoints)
        let directory = try Self.withCheckpoints()
        let database = try PumpDatabase.open(directory: directory.path, checked: try DatabaseCheckAhead.begin(directory: directory.path)?.checked())
        #expect(try database.latestCheckpoint() == Fixture.checkpoint(3))
        database.close()
    }

    /// `withCheckpoints()`, then `sql` run on it by another program.
    static func altered(by sql: String) throws -> TemporaryDirectory {
        let directory = try withCheckpoints()
        let raw = try rawQueue(directory.databasePath)
        try raw.write { db in try db.execute(sql: sql) }
        try raw.close()
        return directory
    }

    @Test func aDamagedDatabaseIsRefusedWithTheSameFindingsAndLeftAlone() throws {
        try bothWays { try Self.altered(by: "DROP TRIGGER events_no_delete") }
    }

    @Test func aNewerSchemaIsRefusedTheSameWay() throws {
        try bothWays { try Self.altered(by: "PRAGMA user_version = 99") }
    }

    @Test func aRolledBackDatabaseIsRefusedWithTheSameEvidenceOrOpenedDespiteIt() throws {
        let seal = SealTests()
        let rolledBack = {
            let (_, database, crashed) = try seal.crashedCopy(leaving: ["pumpd.sqlite-wal"])
            database.close()
            return crashed
        }
        try bothWays(rolledBack)
        try bothWays(rolledBack, accepting: true)
    }

    @Test func theChecksAheadHoldTheLockUntilTheOpenAndNoOtherOpenGetsIt() throws {
        let directory = try Self.withCheckpoints()
        let ahead = try #require(DatabaseCheckAhead.begin(directory: directory.path))
        let checked = try ahead.checked()
        #expect(storageError { _ = try directory.open() } == .inUse(path: directory.databasePath))
        let database = try PumpDatabase.open(directory: directory.path, checked: checked)
        database.close()
    }

    @Test func aMissingDatabaseIsNotCheckedAheadAndNothingIsCreated() throws {
        let directory = try TemporaryDirectory()
        #expect(DatabaseCheckAhead.begin(directory: directory.path) == nil)
        #expect(try directory.files() == [])
    }

    /// The database gone between `begin`'s look and the lock (deleted with its seal): the check
    /// ahead creates nothing, releases the lock, and the open checks (and creates) itself.
    @Test func aDatabaseGoneBeforeTheLockIsLeftForTheOpenToCreate() throws {
        let directory = try TemporaryDirectory()
        let checked = try PumpDatabase.check(directory: directory.path, fileName: "pumpd.sqlite", creatingMissing: false)
        #expect(checked == nil)
        #expect(try directory.files().filter { !$0.hasSuffix(".lock") } == [], "nothing but the lock file is made")
        let database = try PumpDatabase.open(directory: directory.path, checked: checked)
        #expect(database.isNew)
        database.close()
    }

    /// The checks leave the files as they found them, so an open after them (ahead or not) does
    /// not check again; a file changed after them is checked again (CheckAheadSwapReviewTests).
    @Test func theChecksLeaveTheFilesStateTheyRecorded() throws {
        let directory = try Self.withCheckpoints()
        let checked = try PumpDatabase.check(directory: directory.path)
        #expect(CheckedFilesState.of(checked.files) == checked.filesState)
        #expect(checked.filesState.entries[0] != nil)
    }

    /// Review, round 7: a rollback journal put beside the database after the checks would be
    /// rolled back into the checked file by the writer's first read; its appearance is a change
    /// the open sees (and then checks again), like a `-wal`'s.
    @Test func aRollbackJournalAppearingAfterTheChecksChangesTheStateTheOpenCompares() throws {
        let directory = try Self.withCheckpoints()
        let checked = try PumpDatabase.check(directory: directory.path)
        #expect(CheckedFilesState.of(checked.files) == checked.filesState)
        let journal = Glibc.open(checked.files.rollbackJournal, O_WRONLY | O_CREAT | O_CLOEXEC, 0o600)
        #expect(journal >= 0)
        close(journal)
        #expect(CheckedFilesState.of(checked.files) != checked.filesState)
        unlink(checked.files.rollbackJournal)
    }

    /// Review, round 7: the writer opened ahead keeps the checks only when the files are the ones
    /// checked but for the empty `-wal` its open created; any other change sends the open to
    /// check again.
    @Test func onlyANewEmptyLogLeavesTheFilesAsChecked() throws {
        let directory = try Self.withCheckpoints()
        let checked = try PumpDatabase.check(directory: directory.path)
        let files = checked.files
        #expect(checked.filesState.entries[1] == nil)
        #expect(CheckedFilesState.of(files).isAsChecked(checked.filesState, butForANewEmptyLog: false))
        func create(_ path: String, bytes: Int) {
            let descriptor = Glibc.open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            if bytes > 0 { _ = Array(repeating: UInt8(7), count: bytes).withUnsafeBytes { write(descriptor, $0.baseAddress, bytes) } }
            close(descriptor)
        }
        create(files.writeAheadLog, bytes: 0)
        #expect(CheckedFilesState.of(files).isAsChecked(checked.filesState, butForANewEmptyLog: true))
        #expect(!CheckedFilesState.of(files).isAsChecked(checked.filesState, butForANewEmptyLog: false))
        create(files.writeAheadLog, bytes: 32)
        #expect(!CheckedFilesState.of(files).isAsChecked(checked.filesState, butForANewEmptyLog: true))
        unlink(files.writeAheadLog)
        create(files.rollbackJournal, bytes: 0)
        #expect(!CheckedFilesState.of(files).isAsChecked(checked.filesState, butForANewEmptyLog: true))
        unlink(files.rollbackJournal)
        let appended = Glibc.open(files.path, O_WRONLY | O_APPEND | O_CLOEXEC)
        _ = [UInt8](repeating: 0, count: 4096).withUnsafeBytes { write(appended, $0.baseAddress, 4096) }
        close(appended)
        #expect(!CheckedFilesState.of(files).isAsChecked(checked.filesState, butForANewEmptyLog: true))
    }

    @Test func checksOfAnotherDirectoryAreRefused() throws {
        let directory = try Self.withCheckpoints(), other = try Self.withCheckpoints()
        let checked = try #require(DatabaseCheckAhead.begin(directory: other.path)).checked()
        guard case .invalidValue(let field, _)? = storageError({ _ = try PumpDatabase.open(directory: directory.path, checked: checked) }) else {
            Issue.record("expected invalidValue")
            return
        }
        #expect(field == "checked")
    }
}

/// What the checks give their caller to work on before anything is checked (issue 13).
@Suite("Checkpoints given ahead of the checks") struct CheckpointsPeekedTests {
    @Test func theChecksGiveTheIntactCheckpointsNewestFirstBeforeCheckingAnything() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        let given = Mutex<[[StoredCheckpoint]]>([])
        let checked = try #require(try PumpDatabase.check(directory: directory.path, fileName: "pumpd.sqlite", creatingMissing: false) { found in
            given.withLock { $0.append(found) }
        })
        let database = try PumpDatabase.open(directory: directory.path, checked: checked)
        defer { database.close() }
        #expect(given.withLock { $0 } == [try database.intactCheckpoints()])
        #expect(given.withLock { $0.first?.first } == Fixture.checkpoint(3))
    }

    @Test func aNewerSchemaGivesNothingAndIsRefusedAsBefore() throws {
        let directory = try CheckAheadTests.altered(by: "PRAGMA user_version = 99")
        let given = Mutex(0)
        #expect(throws: StorageError.self) {
            _ = try PumpDatabase.check(directory: directory.path, fileName: "pumpd.sqlite", creatingMissing: false) { _ in
                given.withLock { $0 += 1 }
            }
        }
        #expect(given.withLock { $0 } == 0)
    }

    @Test func workDoneWhileWaitingGetsThoseCheckpointsAndTheChecksStillEndAsWithout() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        let ahead = try #require(DatabaseCheckAhead.begin(directory: directory.path))
        // The work runs only when the checks have not ended first: either way, what it got is the
        // checkpoints, and the checks' outcome is the plain one.
        let result = try ahead.checked { newestFirst in newestFirst.first }
        #expect(result.early == nil || result.early == Fixture.checkpoint(3))
        let database = try PumpDatabase.open(directory: directory.path, checked: result.database)
        #expect(try database.latestCheckpoint() == Fixture.checkpoint(3))
        database.close()
    }
}
