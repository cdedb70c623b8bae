import Foundation
import PumpStorage
import Testing

@Suite("Opening and reopening")
struct OpeningTests {
    @Test func firstOpenCreatesTheDatabaseAndSaysItIsNew() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        #expect(database.isNew)
        #expect(database.path == directory.databasePath)
        #expect(try database.activePrescription() == nil)
        #expect(try database.latestCheckpoint() == nil)
        #expect(try database.deliveredTotals() == DeliveryTotals(volumeNanolitres: 0, massNanograms: 0, hours: 0))
        database.close()
        #expect(try directory.files().contains("pumpd.sqlite"))
        #expect(!directory.exists("pumpd.sqlite.creating"))
    }

    @Test func writeAheadLoggingWithFullSynchronousIsVerified() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        let settings = try database.settings()
        #expect(settings.journalMode == "wal")
        #expect(settings.synchronous == 2)
        #expect(settings.foreignKeys)
        #expect(settings.busyTimeoutMilliseconds > 0)
        #expect(settings.applicationID == PumpDatabase.applicationID)
        #expect(settings.schemaVersion == PumpDatabase.schemaVersion)
        database.close()
        // Reopening an existing file gives the same guarantees.
        let reopened = try directory.open()
        #expect(try reopened.settings().synchronous == 2)
        #expect(try reopened.settings().journalMode == "wal")
    }

    @Test func closeThenReopenKeepsEverything() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in
            try Fixture.event(tx, kind: "daemonStarted", atSecond: 0)
            try tx.commitPrescription(
                document: #"{"mode":"continuous","rate":1}"#, summary: #"{"daily_ug":500}"#, confirmationToken: "tok-1",
                committedAtWallNanoseconds: Fixture.baseWall, actor: Fixture.clinician)
            try tx.recordFill(
                filledAtWallNanoseconds: Fixture.baseWall, volumeNanolitres: 20_000_000, drugName: "baclofen",
                concentrationMicrogramsPerMillilitre: 2_000, withdrawnNanolitres: 1_500_000,
                expectedRemainingNanolitres: 1_400_000, discrepancyNanolitres: 100_000, actor: Fixture.clinician)
            try tx.recordCalibration(
                atWallNanoseconds: Fixture.baseWall, stepVolumePicolitres: 251_000, previousStepVolumePicolitres: 250_000,
                actor: Fixture.clinician)
            try tx.raiseAlarm(kind: "lowReservoir", severity: "warning", raisedAtWallNanoseconds: Fixture.baseWall, evidence: "{}")
            try tx.addHourlyDelivery(hourStartWallNanoseconds: Fixture.baseWall, volumeNanolitres: 20_833, massNanograms: 41_666)
            try tx.saveCheckpoint(Fixture.checkpoint(1))
        }
        let before = try Snapshot(database)
        database.close()

        let reopened = try directory.open()
        #expect(!reopened.isNew)
        #expect(try Snapshot(reopened) == before)
        #expect(before.events.count == 1 && before.prescription != nil && before.fill != nil)
        #expect(before.calibration != nil && before.alarms.count == 1 && before.checkpoint == Fixture.checkpoint(1))
        #expect(before.totals.volumeNanolitres == 20_833)
    }

    @Test func committedWritesSurviveAPowerCutBeforeTheLogIsCheckpointed() throws {
        // Copying the files while the database is open captures what the disk holds after a
        // power cut: the last commits are only in the -wal file.
        let directory = try TemporaryDirectory()
        let crashed = try TemporaryDirectory()
        let database = try directory.open()
        try database.write { tx in
            try tx.saveCheckpoint(Fixture.checkpoint(7))
            try Fixture.event(tx, kind: "stepDelivered", atSecond: 7)
        }
        #expect(directory.exists("pumpd.sqlite-wal"))
        for name in ["pumpd.sqlite", "pumpd.sqlite-wal", "pumpd.sqlite.seal"] {
            try crashed.write(try directory.contents(name), to: name)
        }
        let restored = try crashed.open()
        #expect(!restored.isNew)
        #expect(try restored.latestCheckpoint() == Fixture.checkpoint(7))
        #expect(try restored.lastEvent()?.kind == "stepDelivered")
        database.close()
    }

    @Test func scratchFileOfAnInterruptedCreationIsDiscarded() throws {
        let directory = try TemporaryDirectory()
        try directory.write(Data("half-built".utf8), to: "pumpd.sqlite.creating")
        let database = try directory.open()
        #expect(database.isNew)
        #expect(!directory.exists("pumpd.sqlite.creating"))
    }

    @Test func missingDirectoryIsReportedNotCreated() throws {
        let parent = try TemporaryDirectory()
        let missing = parent.path + "/state"
        let error = storageError { _ = try PumpDatabase.open(directory: missing) }
        #expect(error == .directoryMissing(directory: missing))
        #expect(error?.description.contains(missing) == true)
        #expect(!FileManager.default.fileExists(atPath: missing))
    }

    @Test func strayWriteAheadLogWithoutDatabaseIsRefused() throws {
        let directory = try TemporaryDirectory()
        let log = Data("committed frames may be here".utf8)
        try directory.write(log, to: "pumpd.sqlite-wal")
        let error = storageError { _ = try directory.open() }
        #expect(error == .strayJournal(path: directory.databasePath, journalPath: directory.databasePath + "-wal"))
        #expect(!directory.exists("pumpd.sqlite"))
        #expect(try directory.contents("pumpd.sqlite-wal") == log)
    }

    @Test func secondOpenOfTheSameDatabaseIsRefusedWhileTheFirstIsOpen() throws {
        let directory = try TemporaryDirectory()
        let first = try directory.open()
        #expect(storageError { _ = try directory.open() } == .inUse(path: directory.databasePath))
        first.close()
        let second = try directory.open()
        #expect(!second.isNew)
    }

    @Test func closedDatabaseRefusesReadsAndWrites() throws {
        let directory = try TemporaryDirectory()
        let database = try directory.open()
        database.close()
        database.close()
        #expect(storageError { _ = try database.lastEvent() } == .closed(path: directory.databasePath))
        #expect(
            storageError { try database.write { tx in _ = try tx.saveCheckpoint(Fixture.checkpoint(1)) } }
                == .closed(path: directory.databasePath))
    }

    @Test func directoryInPlaceOfTheDatabaseIsRefusedAndKept() throws {
        let directory = try TemporaryDirectory()
        try FileManager.default.createDirectory(atPath: directory.databasePath, withIntermediateDirectories: false)
        let error = storageError { _ = try directory.open() }
        guard case .cannotOpen(let path, _)? = error else {
            Issue.record("expected cannotOpen, got \(String(describing: error))")
            return
        }
        #expect(path == directory.databasePath)
    }

    @Test func fileNameWithADirectoryPartIsRefused() throws {
        let directory = try TemporaryDirectory()
        guard case .invalidValue(let field, _)? = storageError({ _ = try PumpDatabase.open(directory: directory.path, fileName: "../x.sqlite") }) else {
            Issue.record("expected invalidValue")
            return
        }
        #expect(field == "fileName")
    }
}

/// Everything a database holds, for comparing before and after a reopen.
struct Snapshot: Equatable {
    var events: [StoredEvent]
    var prescription: StoredPrescription?
    var fill: StoredFill?
    var calibration: StoredCalibration?
    var alarms: [StoredAlarm]
    var hours: [HourlyDelivery]
    var totals: DeliveryTotals
    var checkpoint: StoredCheckpoint?

    init(_ database: PumpDatabase) throws {
        events = try database.events()
        prescription = try database.activePrescription()
        fill = try database.latestFill()
        calibration = try database.latestCalibration()
        alarms = try database.alarms(fromWallNanoseconds: .min, toWallNanoseconds: .max)
        hours = try database.hourlyDelivery(fromWallNanoseconds: .min, toWallNanoseconds: .max)
        totals = try database.deliveredTotals()
        checkpoint = try database.latestCheckpoint()
    }
}
