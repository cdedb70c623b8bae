import Foundation
import PumpTestKit
import GRDB
@testable import PumpStorage
import Testing

/// Issue 13 (the check thread's path): a database with neither `-wal` nor `-journal` (pumpd's
/// clean stop) is checked on an immutable connection, which reads the main file alone and creates
/// no companion. It must find exactly what the read-only connection finds, which created an empty
/// `-wal` and a `-shm` beside such a file (and then removed them): the same version, evidence,
/// seal and exactness, or the same error; and it must leave every file byte for byte as it was.
@Suite("Check of a file without companions") struct ImmutableCheckTests {
    /// What `ExistingDatabaseCheck.run` found in `directory`, or its error (its path named DIR).
    struct Outcome: Equatable, CustomStringConvertible {
        var version = 0, rolledBack: [String] = [], exact = false
        var seal: Result<DurabilitySeal, SealProblem>?
        var error: String?
        var description: String { error ?? "version \(version) rolledBack \(rolledBack) seal \(seal.map { "\($0)" } ?? "none") exact \(exact)" }
    }

    func outcome(_ directory: TemporaryDirectory) -> Outcome {
        do throws(StorageError) {
            let found = try ExistingDatabaseCheck.run(DatabaseFiles(directory: directory.path, fileName: "pumpd.sqlite"))
            return Outcome(version: found.version, rolledBack: found.rolledBack, exact: found.sealIsExact, seal: found.seal)
        } catch {
            return Outcome(error: "error \(error.description)".replacingOccurrences(of: directory.path, with: "DIR"))
        }
    }

    /// Every file of `directory` with its bytes.
    func snapshot(_ directory: TemporaryDirectory) throws -> [String: Data] {
        Dictionary(uniqueKeysWithValues: try directory.files().map { ($0, try directory.contents($0)) })
    }

    /// Checks `directory` as it is (immutable: it has no `-wal`), then with an empty `-wal` beside
    /// it, which makes the check use a plain read-only connection over the same contents (what
    /// SQLite made the old check's): the outcomes must be equal, and the first must leave every
    /// file as it was. Returns the outcome's description. `connects`: the check gets as far as
    /// opening a connection (a file that is no SQLite database is refused by its header before).
    @discardableResult
    func sameBothWays(_ directory: TemporaryDirectory, connects: Bool = true, sourceLocation: SourceLocation = #_sourceLocation) throws -> String {
        #expect(!directory.exists("pumpd.sqlite-wal") && !directory.exists("pumpd.sqlite-journal"), sourceLocation: sourceLocation)
        let before = try snapshot(directory)
        let immutable = outcome(directory)
        #expect(try snapshot(directory) == before, "every file left byte for byte, none added", sourceLocation: sourceLocation)
        try directory.write(Data(), to: "pumpd.sqlite-wal")
        let readOnly = outcome(directory)
        #expect(immutable == readOnly, sourceLocation: sourceLocation)
        #expect(directory.exists("pumpd.sqlite-shm") == connects, "the second check used a read-only connection", sourceLocation: sourceLocation)
        try directory.remove("pumpd.sqlite-wal")
        if connects { try directory.remove("pumpd.sqlite-shm") }
        return immutable.description
    }

    @Test func anIntactDatabaseIsFoundExactlyAsBefore() throws {
        let found = try sameBothWays(try CheckAheadTests.withCheckpoints())
        #expect(found.hasPrefix("version \(PumpDatabase.schemaVersion) rolledBack [] seal success("), "\(found)")
        #expect(found.hasSuffix("exact true"), "\(found)")
    }

    @Test func anIntactDatabaseWithHourlyRowsAlarmsAndEventsIsFoundExactlyAsBefore() throws {
        let directory = try HourlySealTests().databaseWrittenHourByHour()
        let database = try directory.open()
        try database.write { tx in
            try Fixture.event(tx, kind: "deliveryStopped", atSecond: 9)
            _ = try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: Fixture.baseWall, evidence: "p=150kPa")
        }
        database.close()
        #expect(try sameBothWays(directory).hasSuffix("exact true"))
    }

    @Test func aCorruptPageIsFoundWithTheSameFindingsAndLeftAlone() throws {
        let (directory, _) = try RefusedFileTests.withCorruptPage()
        #expect(try sameBothWays(directory).hasPrefix("error "))
    }

    @Test func anIndexThatDoesNotMatchItsTableIsFoundWithTheSameFindings() throws {
        let directory = try SealTests().closedAfterThreeCheckpoints()
        let database = try directory.open()
        try database.write { tx in
            for second in 0..<20 { try Fixture.event(tx, kind: "deliveryStopped", atSecond: Int64(second)) }
        }
        database.close()
        let raw = try rawQueue(directory.databasePath)
        try raw.writeWithoutTransaction { db in
            try db.execute(sql: "PRAGMA writable_schema = ON")
            try db.execute(sql: "UPDATE sqlite_master SET sql = 'CREATE INDEX events_by_wall_time ON events (kind)' WHERE name = 'events_by_wall_time'")
            try db.execute(sql: "PRAGMA writable_schema = OFF")
        }
        try raw.close()
        let found = try sameBothWays(directory)
        #expect(found.contains("missing from index events_by_wall_time"), "\(found)")
    }

    @Test func aDroppedTriggerAndANewerSchemaAreFoundTheSameWay() throws {
        #expect(try sameBothWays(try CheckAheadTests.altered(by: "DROP TRIGGER events_no_delete")).contains("events_no_delete is missing"))
        #expect(try sameBothWays(try CheckAheadTests.altered(by: "PRAGMA user_version = 99")).hasPrefix("error "))
    }

    @Test func aRolledBackDatabaseGivesTheSameEvidence() throws {
        let (_, database, crashed) = try SealTests().crashedCopy(leaving: ["pumpd.sqlite-wal"])
        database.close()
        let found = try sameBothWays(crashed)
        #expect(found.contains("rolledBack [\""), "\(found)")
    }

    @Test func aMissingSealIsFoundTheSameWay() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        try directory.remove("pumpd.sqlite.seal")
        #expect(try sameBothWays(directory).contains("is missing although the database holds state"))
    }

    @Test func aDamagedSealIsFoundTheSameWay() throws {
        let directory = try CheckAheadTests.withCheckpoints()
        var seal = try directory.contents("pumpd.sqlite.seal")
        for slot in [0, 4_096] { seal[slot + 20] ^= 0x01 }
        try directory.write(seal, to: "pumpd.sqlite.seal")
        #expect(try sameBothWays(directory).contains("is damaged"))
    }

    @Test func aFileOfAnotherKindIsRefusedTheSameWay() throws {
        let directory = try TemporaryDirectory()
        var generator = SplitMix64(seed: 0x5EED)
        try directory.write(Data((0..<16_384).map { _ in UInt8(truncatingIfNeeded: generator.next()) }))
        #expect(try sameBothWays(directory, connects: false).hasPrefix("error "))
    }

    /// The immutable connection is opened by a `file:` URI: a `?`, `#`, `%` or space in the
    /// directory's name, or a relative path, must still name the same file.
    @Test func aDirectoryWhoseNameAURIWouldMisreadIsCheckedAtItsPath() throws {
        let source = try CheckAheadTests.withCheckpoints()
        let parent = try TemporaryDirectory()
        let odd = parent.path + "/a?b#c%41 d é"
        try FileManager.default.createDirectory(atPath: odd, withIntermediateDirectories: false)
        for name in ["pumpd.sqlite", "pumpd.sqlite.seal"] {
            try FileManager.default.copyItem(atPath: source.path + "/" + name, toPath: odd + "/" + name)
        }
        let depth = FileManager.default.currentDirectoryPath.split(separator: "/").count
        let relative = String(repeating: "../", count: depth) + odd.dropFirst()
        for path in [odd, relative] {
            let found = try ExistingDatabaseCheck.run(DatabaseFiles(directory: path, fileName: "pumpd.sqlite"))
            #expect(found.rolledBack.isEmpty && found.sealIsExact, "\(path)")
        }
        #expect(try FileManager.default.contentsOfDirectory(atPath: odd).sorted() == ["pumpd.sqlite", "pumpd.sqlite.seal"])
        #expect(Database.immutableURI("/s/a?b#c%d é") == "file:///s/a%3Fb%23c%25d%20%C3%A9?immutable=1")
        #expect(Database.immutableURI("state/x.db") == "file:state/x.db?immutable=1")
    }
}
