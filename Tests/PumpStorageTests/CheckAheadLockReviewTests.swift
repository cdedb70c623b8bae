@testable import PumpStorage
import Testing

/// Review, round 5: the checks made ahead kept their `CheckedDatabase` (and its lock) after
/// the open took them over, so closing the database does not release the lock while the
/// `DatabaseCheckAhead` lives (in pumpd: for the daemon's whole run).
@Suite struct CheckAheadLockReviewTests {
    @Test func closingADatabaseOpenedFromChecksAheadReleasesItsLock() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        let ahead = try #require(DatabaseCheckAhead.begin(directory: directory.path))
        let database = try PumpDatabase.open(directory: directory.path, checked: try ahead.checked())
        database.close()
        // Reopened in the same process, as after any close: the lock must be free again.
        let reopened = Result { () throws(StorageError) in try PumpDatabase.open(directory: directory.path) }
        if case .success(let again) = reopened { again.close() }
        #expect(throws: Never.self) { try reopened.get() }
        withExtendedLifetime(ahead) {}
    }
}

import Foundation

/// Review, round 5: the open trusted checks made ahead of it of whatever file was at the
/// path then; a file put in its place meanwhile (during the profile's loading) is opened unchecked.
@Suite struct CheckAheadSwapReviewTests {
    /// Puts `source`'s database file in place of `directory`'s, by a rename, as a restore would.
    static func swap(_ source: String, into directory: TemporaryDirectory) throws {
        let staged = directory.path + "/swap.tmp"
        try FileManager.default.copyItem(atPath: source, toPath: staged)
        guard rename(staged, directory.databasePath) == 0 else { throw CocoaError(.fileWriteUnknown) }
    }

    @Test func aDamagedDatabasePutInPlaceAfterTheChecksAheadIsNotOpened() throws {
        let damaged = try CheckAheadTests.altered(by: "DROP TRIGGER events_no_delete")
        // Refused when checked by the open itself:
        let plain = try CheckAheadTests.withCheckpoints()
        try Self.swap(damaged.databasePath, into: plain)
        #expect(throws: StorageError.self) { try PumpDatabase.open(directory: plain.path).close() }

        let directory = try CheckAheadTests.withCheckpoints()
        let ahead = try #require(DatabaseCheckAhead.begin(directory: directory.path))
        let checked = try ahead.checked()
        try Self.swap(damaged.databasePath, into: directory)  // while the profile loads
        #expect(throws: StorageError.self) { try PumpDatabase.open(directory: directory.path, checked: checked).close() }
    }

    /// A directory whose database holds checkpoints 1 to 3, and a copy of it (in its parent) made
    /// when it held only checkpoint 1: an older state, as a restore would bring back.
    static func withOlderCopy() throws -> (directory: TemporaryDirectory, olderCopy: String) {
        let directory = try TemporaryDirectory()
        var database = try directory.open()
        _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(1)) }
        database.close()
        let old = directory.path + "/../" + UUID().uuidString
        try FileManager.default.copyItem(atPath: directory.databasePath, toPath: old)
        database = try directory.open()
        for index in 2...3 { _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(Int64(index))) } }
        database.close()
        return (directory, old)
    }

    @Test func anOlderCopyPutInPlaceAfterTheChecksAheadIsNotResealedAsTheLastAcknowledged() throws {
        let (directory, old) = try Self.withOlderCopy()
        defer { try? FileManager.default.removeItem(atPath: old) }

        // Control: the open alone finds such a copy out (on a second directory made the same way).
        let (control, controlOld) = try Self.withOlderCopy()
        defer { try? FileManager.default.removeItem(atPath: controlOld) }
        try Self.swap(controlOld, into: control)
        let alone = Result { () throws(StorageError) in try PumpDatabase.open(directory: control.path) }
        switch alone {
        case .success(let opened): opened.close(); Issue.record("the open alone opened an older copy")
        case .failure: break
        }

        let ahead = try #require(DatabaseCheckAhead.begin(directory: directory.path))
        let checked = try ahead.checked()
        try Self.swap(old, into: directory)  // a rolled-back copy, while the profile loads
        let outcome = Result { () throws(StorageError) in try PumpDatabase.open(directory: directory.path, checked: checked) }
        if case .success(let opened) = outcome {
            // Opened: at least it must say it is not the last acknowledged state.
            #expect(!opened.restoredDespite.isEmpty, "an older copy opened as the last acknowledged state (checkpoint \(String(describing: try? opened.latestCheckpoint())))")
            opened.close()
        }
    }
}
