import Foundation
import PumpStorage
import Testing

/// The seal beside the database: state that is older than, or other than, what was acknowledged
/// is refused at open, and files deleted or replaced under an open database are refused at write.
@Suite("Durability seal") struct SealTests {
    /// A database with an acknowledged checkpoint and event, left as a power cut would (only in
    /// the -wal), copied to `crashed` without the files named in `leaving`.
    func crashedCopy(leaving missing: Set<String>) throws -> (TemporaryDirectory, PumpDatabase, TemporaryDirectory) {
        let directory = try TemporaryDirectory()
        let crashed = try TemporaryDirectory()
        let database = try directory.open()
        _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(1)) }
        try directory.write(try directory.contents(), to: "main-before-stop")
        try database.write { tx in
            try tx.saveCheckpoint(Fixture.checkpoint(2))
            try Fixture.event(tx, kind: "deliveryStopped", atSecond: 9)
        }
        for name in ["pumpd.sqlite", "pumpd.sqlite-wal", "pumpd.sqlite.seal"] where !missing.contains(name) {
            try crashed.write(try directory.contents(name), to: name)
        }
        return (directory, database, crashed)
    }

    /// A database closed cleanly after three checkpoints, each sealed.
    func closedAfterThreeCheckpoints() throws -> TemporaryDirectory {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        for index in 1...3 { _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(Int64(index))) } }
        database.close()
        return directory
    }

    /// A seal file's two slots, and which holds the newer seal (the one with the most writes).
    func slots(of seal: Data) -> (slots: [Data], newer: Int) {
        let slots = [Data(seal.prefix(4_096)), Data(seal.suffix(4_096))]
        let writes = slots.map { slot in
            Int(String(decoding: slot, as: UTF8.self).split(separator: "\n").first { $0.hasPrefix("writes=") }?.dropFirst(7) ?? "") ?? -1
        }
        return (slots, writes[0] > writes[1] ? 0 : 1)
    }

    @Test func aLostWriteAheadLogIsRefusedNamingWhatWasAcknowledged() throws {
        let (_, database, crashed) = try crashedCopy(leaving: ["pumpd.sqlite-wal"])
        defer { database.close() }
        let error = storageError { _ = try crashed.open() }
        guard case .rolledBack(_, let evidence)? = error else {
            Issue.record("expected rolledBack, got \(String(describing: error))")
            return
        }
        #expect(evidence.contains { $0.contains("generation 2 was acknowledged") })
        #expect(evidence.contains { $0.contains("events ends at row 0, but row 1 was acknowledged") })
        #expect(error?.description.contains("--accept-restored-state") == true)
    }

    @Test func anOlderCopyOfTheMainFileIsRefused() throws {
        let (directory, database, crashed) = try crashedCopy(leaving: ["pumpd.sqlite-wal"])
        defer { database.close() }
        try crashed.write(try directory.contents("main-before-stop"))
        #expect(storageError { _ = try crashed.open() }.map { if case .rolledBack = $0 { true } else { false } } == true)
    }

    @Test func everyTruncationOfTheWriteAheadLogIsRefusedOrHoldsEverything() throws {
        let (directory, database, _) = try crashedCopy(leaving: [])
        defer { database.close() }
        let log = try directory.contents("pumpd.sqlite-wal")
        var outcomes: [String: Int] = [:]
        // Every cut at a frame boundary and a sample inside frames.
        for length in Array(stride(from: 0, to: log.count, by: max(log.count / 64, 1))) + [log.count] {
            let crashed = try TemporaryDirectory()
            try crashed.write(try directory.contents())
            try crashed.write(try directory.contents("pumpd.sqlite.seal"), to: "pumpd.sqlite.seal")
            try crashed.write(log.prefix(length), to: "pumpd.sqlite-wal")
            do {
                let reopened = try crashed.open()
                // Resumed: only ever on the newest state.
                #expect(try reopened.latestCheckpoint() == Fixture.checkpoint(2), "cut at \(length) of \(log.count)")
                #expect(try reopened.lastEvent()?.kind == "deliveryStopped")
                outcomes["resumed on newest", default: 0] += 1
                reopened.close()
            } catch .rolledBack {
                outcomes["refused (rolled back)", default: 0] += 1
            } catch {
                outcomes["refused (\(error))", default: 0] += 1
            }
        }
        print("-wal truncations: \(outcomes)")
        #expect(outcomes["refused (rolled back)", default: 0] > 0)
        #expect(outcomes["resumed on newest", default: 0] >= 1)  // the whole log
    }

    @Test func aMissingOrDamagedSealIsRefusedButAnAcceptedOpenStartsWithTheEvidence() throws {
        let (_, database, crashed) = try crashedCopy(leaving: ["pumpd.sqlite.seal"])
        defer { database.close() }
        guard case .rolledBack(_, let evidence)? = storageError({ _ = try crashed.open() }) else {
            Issue.record("a missing seal was not refused")
            return
        }
        #expect(evidence.first?.contains("seal") == true && evidence.first?.contains("missing") == true)
        try crashed.write(Data("pumpd-seal 1\ncheckpoint_generation=2\ncrc=1\n".utf8), to: "pumpd.sqlite.seal")
        guard case .rolledBack(_, let damaged)? = storageError({ _ = try crashed.open() }) else {
            Issue.record("a damaged seal was not refused")
            return
        }
        #expect(damaged.first?.contains("damaged") == true)

        let accepted = try crashed.open(acceptingRestoredState: true)
        #expect(accepted.restoredDespite == damaged)
        #expect(try accepted.latestCheckpoint() == Fixture.checkpoint(2))
        accepted.close()
        // Accepted once, the new seal matches: the next open is an ordinary one.
        let again = try crashed.open()
        #expect(again.restoredDespite.isEmpty)
        again.close()
    }

    @Test func aMissingDatabaseWithItsSealIsRefusedNotRecreated() throws {
        let (_, database, crashed) = try crashedCopy(leaving: ["pumpd.sqlite", "pumpd.sqlite-wal"])
        defer { database.close() }
        #expect(storageError { _ = try crashed.open() } == .stateMissing(path: crashed.databasePath, sealPath: crashed.databasePath + ".seal"))
        #expect(try crashed.files() == ["pumpd.sqlite.lock", "pumpd.sqlite.seal"])
    }

    @Test func anAlteredEventIsRefused() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let marker = String(repeating: "Q", count: 40)
        try database.write { tx in
            try tx.appendEvent(
                wallNanoseconds: Fixture.baseWall, utcOffsetSeconds: 0, kind: "programCommitted", summary: marker, detail: "{}",
                actor: Fixture.clinician)
        }
        database.close()
        var file = try directory.contents()
        let at = try #require(file.range(of: Data(marker.utf8)))
        file[at.lowerBound + 3] = UInt8(ascii: "R")
        try directory.write(file)
        guard case .rolledBack(_, let evidence)? = storageError({ _ = try directory.open() }) else {
            Issue.record("an altered event was not refused")
            return
        }
        #expect(evidence == ["events up to row 1 differs from what was acknowledged: a row was altered"])
    }

    @Test func aDatabaseDeletedOrReplacedWhileOpenRefusesTheNextWrite() throws {
        for victim in ["pumpd.sqlite", "pumpd.sqlite-wal", "pumpd.sqlite.seal"] {
            let directory = try TemporaryDirectory()
            let database = try directory.open()
            defer { database.close() }
            _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(1)) }
            #expect(database.checkFilesInPlace().isEmpty)
            try directory.remove(victim)
            #expect(database.checkFilesInPlace().count == 1, "\(victim)")
            let error = storageError { _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(2)) } }
            guard case .replacedWhileOpen(let path, let reason)? = error else {
                Issue.record("\(victim): expected replacedWhileOpen, got \(String(describing: error))")
                continue
            }
            #expect(path == directory.path + "/" + victim && reason.contains("deleted"))
        }
    }

    @Test func aCleanCloseFoldsTheLogIntoTheMainFile() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        _ = try database.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(5)) }
        database.close()
        // The main file alone (the -wal gone) is the whole acknowledged state.
        if directory.exists("pumpd.sqlite-wal") { try directory.remove("pumpd.sqlite-wal") }
        let reopened = try directory.open()
        #expect(try reopened.latestCheckpoint() == Fixture.checkpoint(5))
        reopened.close()
    }

    /// A clean restart verifies the seal and leaves it as it is: no write and fdatasync before the
    /// daemon can answer. A database ahead of its seal (a crash between a commit and its seal) is
    /// still sealed at open, and the write after an unwritten open still goes to the other slot.
    @Test func aRestartOnTheSealedStateLeavesTheSealUnwrittenButADatabaseAheadIsSealedAtOpen() throws {
        let directory = try closedAfterThreeCheckpoints()
        let sealed = try directory.contents("pumpd.sqlite.seal")

        let reopened = try directory.open()
        #expect(try directory.contents("pumpd.sqlite.seal") == sealed)
        _ = try reopened.write { tx in try tx.saveCheckpoint(Fixture.checkpoint(4)) }
        let afterWrite = try directory.contents("pumpd.sqlite.seal")
        // The older slot was overwritten; the newer one still holds the seal before the write.
        let (before, newer) = slots(of: sealed)
        let after = slots(of: afterWrite).slots
        #expect(after[newer] == before[newer])
        #expect(after[1 - newer] != before[1 - newer])
        reopened.close()

        // Ahead of its seal: the seal as it was before checkpoint 4, with the database holding it.
        try directory.write(sealed, to: "pumpd.sqlite.seal")
        let ahead = try directory.open()
        #expect(ahead.restoredDespite.isEmpty)
        #expect(try directory.contents("pumpd.sqlite.seal") != sealed)
        ahead.close()
        let again = try directory.open()
        #expect(again.restoredDespite.isEmpty)
        #expect(try again.latestCheckpoint() == Fixture.checkpoint(4))
        again.close()
    }

    @Test func aSealSlotTornByAPowerCutLeavesTheOtherSlotButBothTornIsRefused() throws {
        let directory = try closedAfterThreeCheckpoints()
        let seal = try directory.contents("pumpd.sqlite.seal")
        #expect(seal.count == 8_192)
        // Tear the slot written last (the one with the most writes): the other covers all but it.
        let newer = slots(of: seal).newer
        var torn = seal
        for offset in (newer * 4_096 + 40)..<(newer * 4_096 + 90) { torn[offset] = 0 }
        try directory.write(torn, to: "pumpd.sqlite.seal")
        let reopened = try directory.open()
        #expect(reopened.restoredDespite.isEmpty)
        #expect(try reopened.latestCheckpoint() == Fixture.checkpoint(3))
        reopened.close()

        var both = try directory.contents("pumpd.sqlite.seal")
        for offset in [40, 4_136] { both[offset] ^= 0x20 }
        try directory.write(both, to: "pumpd.sqlite.seal")
        guard case .rolledBack(_, let evidence)? = storageError({ _ = try directory.open() }) else {
            Issue.record("a seal with both slots torn was not refused")
            return
        }
        #expect(evidence.first?.contains("neither slot is intact") == true)
    }

    /// A digit rotted in any record a clinician reads, not only in checkpoints and events.
    @Test(arguments: ["prescription", "fill", "alarm", "hourly"])
    func aValueRottedInAnyRecordIsRefused(record: String) throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        _ = try database.write { tx in
            try tx.saveCheckpoint(Fixture.checkpoint(1))
            switch record {
            case "prescription":
                try tx.commitPrescription(
                    document: #"{"rate":"777777"}"#, summary: "{}", confirmationToken: "t", committedAtWallNanoseconds: Fixture.baseWall,
                    actor: Fixture.clinician)
            case "fill":
                try tx.recordFill(
                    filledAtWallNanoseconds: Fixture.baseWall, volumeNanolitres: 40_000_000, drugName: "baclofen777777",
                    concentrationMicrogramsPerMillilitre: 2000, withdrawnNanolitres: nil, expectedRemainingNanolitres: nil,
                    discrepancyNanolitres: nil, actor: Fixture.clinician)
            case "alarm":
                _ = try tx.raiseAlarm(kind: "occlusion", severity: "critical", raisedAtWallNanoseconds: Fixture.baseWall, evidence: "p 777777 Pa")
            default:
                try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall, volumeNanolitres: 0x7A_5A5A, massNanograms: 1)
            }
        }
        database.close()
        var file = try directory.contents()
        // SQLite stores 0x7A5A5A as three big-endian bytes.
        let marker = record == "hourly" ? Data([0x7A, 0x5A, 0x5A]) : Data("777777".utf8)
        let at = try #require(file.range(of: marker, options: .backwards))
        file[at.lowerBound + 1] ^= 0x01
        try directory.write(file)
        guard case .rolledBack(_, let evidence)? = storageError({ _ = try directory.open() }) else {
            Issue.record("a rotted \(record) was not refused")
            return
        }
        #expect(evidence.contains { $0.contains("altered") }, "\(evidence)")
    }
}
