import Foundation
import PumpStorage
import Synchronization
import Testing

/// The watch calls back when a state file is deleted, replaced or moved out of reach, so the
/// identity check runs then instead of once a second.
@Suite struct StateFileWatchTests {
    /// Whether `condition` holds within 10 s (a bound for a stalled test, not a measure of speed).
    static func eventually(_ condition: () -> Bool) -> Bool {
        for _ in 0..<1_000 {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    final class Calls: Sendable {
        private let count = Atomic<Int>(0)
        func add() { count.add(1, ordering: .relaxed) }
        var any: Bool { count.load(ordering: .relaxed) > 0 }
    }

    /// An open database with one checkpoint, its watch and the calls it made.
    static func watched(_ directory: TemporaryDirectory) throws -> (PumpDatabase, StateFileWatch, Calls) {
        let database = try directory.open()
        _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(1)) }
        let calls = Calls()
        let watch = try #require(database.watchFiles { calls.add() })
        return (database, watch, calls)
    }

    @Test(arguments: ["pumpd.sqlite", "pumpd.sqlite-wal", "pumpd.sqlite.seal", "pumpd.sqlite.lock"])
    func aStateFileDeletedIsReported(victim: String) throws {
        let directory = try TemporaryDirectory()
        let (database, watch, calls) = try Self.watched(directory)
        defer { watch.cancel(); database.close() }
        try directory.remove(victim)
        #expect(Self.eventually { calls.any })
        #expect(database.checkFilesInPlace().count == 1)
    }

    @Test func aStateFileReplacedByARenameOverItIsReported() throws {
        let directory = try TemporaryDirectory()
        let (database, watch, calls) = try Self.watched(directory)
        defer { watch.cancel(); database.close() }
        try directory.write(try directory.contents("pumpd.sqlite.seal"), to: "copy")
        #expect(rename(directory.path + "/copy", directory.path + "/pumpd.sqlite.seal") == 0)
        #expect(Self.eventually { calls.any })
        #expect(database.checkFilesInPlace() == ["\(directory.path)/pumpd.sqlite.seal (its seal) was replaced by another file"])
    }

    @Test func theStateDirectoryRenamedIsReported() throws {
        let directory = try TemporaryDirectory()
        let (database, watch, calls) = try Self.watched(directory)
        defer { watch.cancel(); database.close() }
        #expect(rename(directory.path, directory.path + "-moved") == 0)
        defer { _ = rename(directory.path + "-moved", directory.path) }
        #expect(Self.eventually { calls.any })
        #expect(database.checkFilesInPlace().count == 4)
    }
}
