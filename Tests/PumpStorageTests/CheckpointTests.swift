import Foundation
import GRDB
import PumpStorage
import Testing

@Suite("Checkpoints")
struct CheckpointTests {
    @Test func readersGetTheLatestCheckpoint() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        for index in 1...3 {
            let generation = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(Int64(index))) }
            #expect(generation == Int64(index))
        }
        #expect(try database.latestCheckpoint() == Fixture.checkpoint(3))
        let recovery = try database.checkpointRecovery()
        #expect(recovery.generation == 3)
        #expect(recovery.damagedGenerations.isEmpty)
    }

    @Test func ringKeepsTheLastEightCheckpointsNewestFirst() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        for index in 1...20 {
            try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(Int64(index))) }
        }
        let kept = try database.intactCheckpoints()
        #expect(kept.count == PumpDatabase.checkpointSlots)
        #expect(kept.map(\.stepsMoved) == Array((13...20).reversed()))
    }

    @Test func damagedLatestCheckpointIsRefusedAndOnlyAnAcceptedOpenFallsBackToThePreviousOne() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let marker = String(repeating: "B", count: 64)
        try database.write { tx in
            try tx.saveCheckpoint(Fixture.checkpoint(1, document: #"{"marker":"\#(String(repeating: "A", count: 64))"}"#))
            try tx.saveCheckpoint(Fixture.checkpoint(2, document: #"{"marker":"\#(marker)"}"#))
        }
        database.close()

        // Rot one byte of the latest document on disk: SQLite has no checksums, so its integrity
        // check passes and only the checkpoint's own CRC can tell.
        var file = try directory.contents()
        let at = try #require(file.range(of: Data(marker.utf8)))
        file[at.lowerBound + 10] = UInt8(ascii: "C")
        try directory.write(file)

        let refused = storageError { _ = try directory.open() }
        guard case .rolledBack(_, let evidence)? = refused else {
            Issue.record("expected rolledBack, got \(String(describing: refused))")
            return
        }
        #expect(evidence.contains { $0.contains("generation 2") && $0.contains("checksum") })
        #expect(try directory.contents() == file)

        let reopened = try directory.open(acceptingRestoredState: true)
        #expect(reopened.restoredDespite == evidence)
        let recovery = try reopened.checkpointRecovery()
        #expect(recovery.damagedGenerations == [2])
        #expect(recovery.generation == 1)
        #expect(recovery.checkpoint?.stepsMoved == 1)
        #expect(try reopened.latestCheckpoint()?.stepsMoved == 1)
        #expect(try reopened.intactCheckpoints().map(\.stepsMoved) == [1])
        // The next save still supersedes both.
        #expect(try reopened.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(3)) } == 3)
        #expect(try reopened.latestCheckpoint() == Fixture.checkpoint(3))
    }

    @Test func checkpointWithoutBootIDOrWithANonJSONDocumentIsRefused() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        var noBoot = Fixture.checkpoint(1)
        noBoot.bootID = ""
        #expect(
            storageError { try database.write { tx in _ = try tx.saveCheckpoint(noBoot) } }
                == .invalidValue(field: "bootID", reason: "it must not be empty"))
        #expect(
            storageError { try database.write { tx in _ = try tx.saveCheckpoint(Fixture.checkpoint(1, document: "")) } }
                == .invalidValue(field: "document", reason: "it is not a JSON document"))
        #expect(try database.latestCheckpoint() == nil)
    }

    @Test func rawSQLCannotMoveACheckpointBackwards() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(1)) }
        let raw = try rawQueue(directory.databasePath)
        #expect(throws: DatabaseError.self) {
            try raw.write { db in try db.execute(sql: "UPDATE checkpoints SET position_pl = 0") }
        }
        #expect(throws: DatabaseError.self) { try raw.write { db in try db.execute(sql: "DELETE FROM checkpoints") } }
        try raw.close()
        #expect(try database.latestCheckpoint() == Fixture.checkpoint(1))
    }
}
