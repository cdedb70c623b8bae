import Foundation
import PumpCore
import PumpStorage
import Testing

@testable import PumpService

/// The state keeper against a real SQLite database in a temporary directory.
@Suite struct StateKeeperTests {
    let directory: String
    static let rig = ConfirmationTokens.StateFingerprint.sampleRig
    static let battery = BatteryThresholds(electiveReplacementMillivolts: 3300, endOfServiceMillivolts: 3000)
    static let start = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 1_000_000_000), wall: CivilTime(unixNanoseconds: 1_795_000_000_000_000_000))

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("keeper-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func fresh() -> TherapySession {
        TherapySession(
            rig: Self.rig,
            fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: Self.start.wall, position: 0),
            pathPrimed: true, battery: Self.battery, clock: Self.start)
    }

    func open(
        at reading: ClockReading, boot: String = "boot-1", readingTodayAhead: Bool = true
    ) throws -> (keeper: StateKeeper, session: TherapySession, start: StateKeeper.Start) {
        try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: Self.rig, battery: Self.battery, fresh: fresh, at: reading,
            bootID: boot, readingTodayAhead: readingTodayAhead)
    }

    @Test func aNewDirectoryStartsFreshAndASavedSessionComesBackAfterAnOutage() throws {
        var (keeper, session, start) = try open(at: Self.start)
        guard case .fresh = start else { Issue.record("expected a fresh start"); return }
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .hours(2)))
        let events = session.takeEvents()
        let logged = try keeper.save(session, revision: 1, stepsMoved: 83, events: events, actor: .daemon)
        #expect(logged.map(\.kind) == events.map(\.recordKind.rawValue))
        keeper.database.close()

        // A reboot: the monotonic clock starts again; the wall clock says 30 minutes passed.
        let later = ClockReading(monotonic: MonotonicInstant(nanoseconds: 5_000_000_000), wall: session.clock.wall + .minutes(30))
        let reopened = try open(at: later, boot: "boot-2")
        guard case .restored(let outage, _) = reopened.start else { Issue.record("expected a restore"); return }
        // Another boot: the outage is the wall clock's 30 min (more than the 5 s since boot).
        #expect(outage == .minutes(30))
        #expect(reopened.session.prescription == session.prescription)
        #expect(reopened.session.mode == .running)
        #expect(reopened.session.reservoirRemaining <= session.reservoirRemaining)
    }

    @Test func stepsTheJournalReplaysAfterAKillAreBookedToTheHourlyDelivery() throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .hours(3)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 125)
        // 10 more steps were commanded and noted, then the process was killed before a checkpoint.
        session.runSteps(until: Self.start.advanced(by: .hours(3) + .seconds(864)))
        let note = CommandedPositionJournal.Note(
            position: session.planner.commandedPosition, instant: session.clock.monotonic, made: session.planner.commandedPosition)
        keeper.database.close()
        let later = session.clock.advanced(by: .seconds(5))
        var reopened = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: Self.rig, battery: Self.battery, fresh: fresh, at: later,
            bootID: "boot-1", journal: note)
        #expect(reopened.session.planner.commandedPosition == note.position)
        #expect(reopened.session.ledger.deliveredMass == session.ledger.deliveredMass)
        _ = try reopened.keeper.save(reopened.session, revision: 1, stepsMoved: 0, events: reopened.session.takeEvents())
        // 135 steps = 33.75 µL = 67.5 µg in the hourly records: the replayed ten included.
        let totals = try reopened.keeper.database.deliveredTotals()
        #expect(totals.volumeNanolitres == 33_750 && totals.massNanograms == 67_500)
        // On another boot the note is not believed.
        reopened.keeper.database.close()
        let rebooted = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: Self.rig, battery: Self.battery, fresh: fresh,
            at: ClockReading(monotonic: MonotonicInstant(nanoseconds: 9_000_000_000), wall: later.wall + .minutes(1)),
            bootID: "boot-2", journal: note)
        #expect(rebooted.session.ledger.unrecordedVolume > .zero)
    }

    @Test func aRestoreJudgesTheLeftStoppedReminderByTheProfilesPolicyNotTheDefault() throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.stop(at: Self.start.advanced(by: .minutes(10)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 0, events: session.takeEvents())
        keeper.database.close()
        // Restarted 2 h into the stop: past the default 1 h reminder, short of the profile's 4 h.
        let later = Self.start.advanced(by: .hours(2) + .minutes(10))
        let policy = TherapyPolicy(stoppedReminderAfter: .hours(4), stoppedReminderRepeat: .hours(1))
        var reopened = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: Self.rig, battery: Self.battery, fresh: fresh, at: later,
            bootID: "boot-1", policy: policy)
        #expect(reopened.session.alarms.active[.leftStopped] == nil)
        #expect(reopened.session.leftStoppedReminderDue == Self.start.advanced(by: .hours(4) + .minutes(10)).monotonic)
        _ = reopened.session.takeEvents()
    }

    @Test func deliveryIsAddedToTheHourItHappenedIn() throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .hours(3)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 125)
        let totals = try keeper.database.deliveredTotals()
        // 3 h of 250 µL/day in 250 nL steps: 125 steps = 31.25 µL = 62.5 µg, all in one checkpoint's hour.
        #expect(totals.volumeNanolitres == 31_250 && totals.massNanograms == 62_500)
    }

    /// One save covering three hours writes each hour what the core booked to it, and today's
    /// total counts what no save has written yet, without counting anything twice.
    @Test func oneSaveAcrossHoursWritesEachHourItsOwnStepsAndTodayCountsTheUnsaved() throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .hours(3)))
        let day = DeliveryByHour.localDay(of: session.clock.wall)
        let before = try keeper.delivered(inHoursFrom: day.from, to: day.to, of: session)
        _ = try keeper.save(session, revision: 1, stepsMoved: 125)
        let rows = try keeper.database.hourlyDelivery(fromWallNanoseconds: .min, toWallNanoseconds: .max)
        #expect(rows.count == 4, "06:40 to 09:40 touches four hours")
        #expect(rows.map { DeliveryByHour.Hour(start: $0.hourStartWallNanoseconds, volume: .nanolitres($0.volumeNanolitres), mass: .nanograms($0.massNanograms)) }
            == session.deliveredByHour.hours)
        #expect(try keeper.delivered(inHoursFrom: day.from, to: day.to, of: session) == DeliveryTotals(volumeNanolitres: 31_250, massNanograms: 62_500, hours: 4))
        #expect(before.volumeNanolitres == 31_250 && before.hours == 0, "before the save, all of it was unsaved")
        // More steps, not yet saved: counted once, from the session.
        session.runSteps(until: Self.start.advanced(by: .hours(4)))
        let later = try keeper.delivered(inHoursFrom: day.from, to: day.to, of: session)
        #expect(later.volumeNanolitres == session.ledger.position / 1_000)
        _ = try keeper.save(session, revision: 2, stepsMoved: 166)
        #expect(try keeper.delivered(inHoursFrom: day.from, to: day.to, of: session).volumeNanolitres == later.volumeNanolitres)
        #expect(try keeper.database.deliveredTotals().volumeNanolitres == later.volumeNanolitres)
    }

    /// After a restart the session books afresh; today still holds what the previous run saved.
    @Test func todaySurvivesARestart() throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .hours(2)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 83)
        let day = DeliveryByHour.localDay(of: session.clock.wall)
        let before = try keeper.delivered(inHoursFrom: day.from, to: day.to, of: session)
        keeper.database.close()
        let reopened = try open(at: session.clock.advanced(by: .minutes(1)))
        #expect(reopened.session.deliveredByHour.hours.isEmpty)
        let after = try reopened.keeper.delivered(inHoursFrom: day.from, to: day.to, of: reopened.session)
        #expect(after.volumeNanolitres == before.volumeNanolitres && after.massNanograms == before.massNanograms)
        #expect(after.volumeNanolitres == session.ledger.position / 1_000)
    }

    @Test func aCheckpointInALaterHourReportsTheCompletedHourWithTheHistorysTotalExactlyOnce() throws {
        var (keeper, session, _) = try open(at: Self.start)  // 6 min 40 s into an hour
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .minutes(30)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 20)
        #expect(keeper.takeClosedHours().isEmpty, "the hour is still open")
        #expect(!keeper.checkpointDue(stepsMoved: 20, wall: session.clock.wall))
        session.runSteps(until: Self.start.advanced(by: .minutes(60)))  // into the next hour
        #expect(keeper.checkpointDue(stepsMoved: 20, wall: session.clock.wall), "a new hour makes a checkpoint due, steps or not")
        // While a save holds the progress, whether one is due is unknown, not "no": the storage
        // task then asks again shortly instead of sleeping until a publication that never comes.
        let wall = session.clock.wall
        #expect(keeper.progress.withLock { _ in keeper.checkpointDueUnlessSaving(stepsMoved: 20, wall: wall) } == nil)
        _ = try keeper.save(session, revision: 2, stepsMoved: 41)
        let first = HourClosing.hourStart(of: Self.start.wall.unixNanoseconds)
        let reports = keeper.takeClosedHours()
        #expect(reports.map(\.hourStart.unixNanoseconds) == [first])
        let history = try keeper.database.hourlyDelivery(fromWallNanoseconds: first, toWallNanoseconds: first + HourClosing.hourNanoseconds)
        #expect(reports.first?.volume.nanolitres == history.first?.volumeNanolitres)
        #expect(reports.first?.mass.nanograms == history.first?.massNanograms)
        #expect((reports.first?.volume.nanolitres ?? 0) > 0)
        #expect(reports.first?.mode == "running")
        #expect(reports.first?.rate == session.currentRate)
        // The report holds every step made in the hour, including those saved after it ended.
        #expect(reports.first?.volume == session.deliveredByHour.hours.first?.volume)
        #expect(keeper.takeClosedHours().isEmpty, "each hour is reported once")
        _ = try keeper.save(session, revision: 3, stepsMoved: 41)
        #expect(keeper.takeClosedHours().isEmpty)
    }

    /// Issue 13: the virtual clock saves once a simulated day. Each hour a late save reports
    /// carries the state the session recorded as its clock crossed that hour's end, not the save's.
    @Test func aSaveHoursLateReportsEachHourWithTheStateAtItsOwnEnd() throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .minutes(200)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 0)
        let reports = keeper.takeClosedHours()
        #expect(reports.count == 3)
        #expect(reports.allSatisfy { $0.mode == "running" && $0.volume > .zero })
        // Between two hours' ends the reservoir went down by what the later hour delivered.
        for (earlier, later) in zip(reports, reports.dropFirst()) {
            #expect(earlier.reservoir - later.reservoir == later.volume, "\(earlier) → \(later)")
        }
        #expect(try #require(reports.last).reservoir > session.reservoirRemaining, "the last hour closed before the save")
    }

    @Test func anHourStoppedWithAProgramIsReportedWithZeroAndAnHourWithoutAProgramIsNot() throws {
        var (keeper, session, _) = try open(at: Self.start)
        session.tick(at: Self.start.advanced(by: .hours(1)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 0)
        #expect(keeper.takeClosedHours().isEmpty, "no program, no delivery: nothing to report")
        try session.commit(ConfirmationTokensTests.prescription(500), at: session.clock)
        session.stop(at: session.clock)
        session.tick(at: Self.start.advanced(by: .hours(3)))
        _ = try keeper.save(session, revision: 2, stepsMoved: 0)
        let reports = keeper.takeClosedHours()
        // The two hours stopped with a program: each reported, with nothing delivered.
        #expect(reports.count == 2)
        #expect(reports.allSatisfy { $0.volume == .zero && $0.mass == .zero && $0.mode == "stopped (clinician)" })
    }

    @Test func aRestartContinuesTheOpenHourSoItIsReportedOnceWithBothRunsDelivery() throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .minutes(20)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 14)
        keeper.database.close()
        // Restarted 5 minutes later, in the same hour; delivery goes on into the next hour.
        let later = session.clock.advanced(by: .minutes(5))
        var reopened = try open(at: later)
        reopened.session.runSteps(until: Self.start.advanced(by: .minutes(60)))
        _ = try reopened.keeper.save(reopened.session, revision: 1, stepsMoved: 30)
        let first = HourClosing.hourStart(of: Self.start.wall.unixNanoseconds)
        let reports = reopened.keeper.takeClosedHours()
        #expect(reports.map(\.hourStart.unixNanoseconds) == [first])
        let history = try reopened.keeper.database.hourlyDelivery(fromWallNanoseconds: first, toWallNanoseconds: first + HourClosing.hourNanoseconds)
        #expect(reports.first?.volume.nanolitres == history.first?.volumeNanolitres)
    }

    @Test func anOlderSessionCopySavedLateLogsItsEventsButNeverOverwritesANewerCheckpoint() throws {
        var (keeper, older, _) = try open(at: Self.start)
        var newer = older
        try newer.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        let newerEvents = newer.takeEvents()
        older.raiseAlarm(.batteryElectiveReplacement, evidence: "3.2 V", at: Self.start)
        let olderEvents = older.takeEvents()
        // The command's copy (revision 2) is written first; the loop's older copy (revision 1) after.
        _ = try keeper.save(newer, revision: 2, stepsMoved: 0, events: newerEvents, actor: .daemon)
        _ = try keeper.save(older, revision: 1, stepsMoved: 0, events: olderEvents)
        #expect(try keeper.database.events().map(\.kind).contains("alarmRaised"))
        keeper.database.close()
        let reopened = try open(at: Self.start.advanced(by: .seconds(1)))
        #expect(reopened.session.prescription == newer.prescription, "the acknowledged program survives")
    }

    @Test func aCheckpointIsDueAfterTheStepIntervalButNotWithoutSteps() throws {
        let (keeper, _, _) = try open(at: Self.start)
        #expect(!keeper.checkpointDue(stepsMoved: 0))
        #expect(!keeper.checkpointDue(stepsMoved: 99))
        #expect(keeper.checkpointDue(stepsMoved: 100))
    }

    @Test func aCheckpointThisBuildCannotReadStopsTheStartInsteadOfStartingEmpty() throws {
        let (keeper, session, _) = try open(at: Self.start)
        _ = try keeper.database.write { transaction in
            try transaction.saveCheckpoint(StoredCheckpoint(
                savedAtWallNanoseconds: session.clock.wall.unixNanoseconds, savedAtMonotonicNanoseconds: 1, bootID: "other",
                positionPicolitres: 0, stepsMoved: 0, document: #"{"format": "from the future"}"#))
        }
        keeper.database.close()
        #expect(throws: ServiceError.self) { _ = try open(at: Self.start) }
    }
}

/// A newest checkpoint this build cannot read over an older one it can (a newer build wrote it):
/// never resumed from the older one, asked or not (it misses what the newer one records, which
/// the history already holds).
@Suite struct UnreadableNewestCheckpointTests {
    /// A reboot half an hour after the save.
    static let later = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 5_000_000_000), wall: StateKeeperTests.start.wall + .minutes(90))

    /// A program run for an hour and saved, then (with `unreadableNewest`) a newer checkpoint in a
    /// format this build does not know; closed.
    static func saved(unreadableNewest: Bool) throws -> StateKeeperTests {
        let fixture = try StateKeeperTests()
        var (keeper, session, _) = try fixture.open(at: StateKeeperTests.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: StateKeeperTests.start)
        session.runSteps(until: StateKeeperTests.start.advanced(by: .hours(1)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 42, events: session.takeEvents(), actor: .daemon)
        if unreadableNewest {
            _ = try keeper.database.write { transaction in
                try transaction.saveCheckpoint(StoredCheckpoint(
                    savedAtWallNanoseconds: session.clock.wall.unixNanoseconds + 1_000_000_000, savedAtMonotonicNanoseconds: 2,
                    bootID: "boot-1", positionPicolitres: 0, stepsMoved: 43, document: #"{"format": "from the future"}"#))
            }
        }
        keeper.database.close()
        return fixture
    }

    static func reopen(_ fixture: StateKeeperTests, accepting: Bool) throws -> (keeper: StateKeeper, session: TherapySession, start: StateKeeper.Start) {
        try StateKeeper.open(
            directory: fixture.directory, everySteps: 100, interval: .seconds(60), rig: StateKeeperTests.rig,
            battery: StateKeeperTests.battery, fresh: fixture.fresh, at: later, bootID: "boot-2", acceptingRestoredState: accepting)
    }

    @Test(arguments: [false, true])
    func aNewestCheckpointThisBuildCannotReadRefusesTheStartRatherThanResumeFromAnOlderOne(accepting: Bool) throws {
        let fixture = try Self.saved(unreadableNewest: true)
        for _ in 0..<2 {  // refused without writing anything: the same start is refused again
            do {
                _ = try Self.reopen(fixture, accepting: accepting)
                Issue.record("resumed from the older checkpoint")
            } catch let error as ServiceError {
                guard case .unreadableNewestCheckpoint = error else { Issue.record("refused for another reason: \(error)"); return }
                #expect("\(error)".contains("savedAtWall"), "names why the newest cannot be read")
                #expect("\(error)".contains("move the database aside"))
            }
        }
    }

    /// The state files' bytes (the lock aside).
    static func files(of fixture: StateKeeperTests) throws -> [String: Data] {
        var contents: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: fixture.directory) where !name.hasSuffix(".lock") {
            contents[name] = FileManager.default.contents(atPath: fixture.directory + "/" + name)
        }
        return contents
    }

    /// Accepting `fixture` by hand is refused, with `evidence` and `reason` as given, before anything
    /// is written (every file's bytes as they were), and the next start finds the same evidence.
    static func expectAcceptanceRefusedBeforeAnythingIsWritten(
        _ fixture: StateKeeperTests, evidence: String, reason: String, sourceLocation: SourceLocation = #_sourceLocation
    ) throws {
        let before = try files(of: fixture)
        do {
            _ = try reopen(fixture, accepting: true)
            Issue.record("accepted a database whose state cannot be restored", sourceLocation: sourceLocation)
        } catch let error as ServiceError {
            guard case .storage(.acceptanceRefused(_, let found, let why)) = error else {
                Issue.record("refused otherwise: \(error)", sourceLocation: sourceLocation)
                return
            }
            #expect(found.contains { $0.contains(evidence) }, sourceLocation: sourceLocation)
            #expect(why.contains(reason), sourceLocation: sourceLocation)
        }
        #expect(try files(of: fixture) == before, "nothing written: no seal over the evidence, no file left", sourceLocation: sourceLocation)
        #expect(sourceLocation: sourceLocation) {
            _ = try reopen(fixture, accepting: false)
        } throws: { error in
            guard case ServiceError.storage(.rolledBack) = error else { return false }
            return true
        }
    }

    /// With seal evidence besides (here its seal is missing), accepting the database by hand is
    /// refused before anything is written: the restore would refuse it only after the seal was
    /// rewritten over the evidence.
    @Test func acceptingADatabaseWhoseNewestCheckpointCannotBeReadIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try Self.saved(unreadableNewest: true)
        try FileManager.default.removeItem(atPath: fixture.directory + "/pumpd.sqlite.seal")
        try Self.expectAcceptanceRefusedBeforeAnythingIsWritten(fixture, evidence: "seal", reason: "savedAtWall")
        #expect(!FileManager.default.fileExists(atPath: fixture.directory + "/pumpd.sqlite.seal"))
    }

    /// Every checkpoint damaged (each fails its checksum: the seal's evidence), events logged:
    /// nothing to restore from, refused before the acceptance writes anything.
    @Test func acceptingADatabaseWithEventsButNoIntactCheckpointIsRefusedBeforeAnythingIsWritten() throws {
        let fixture = try Self.saved(unreadableNewest: false)
        let database = try PumpDatabase.open(directory: fixture.directory)
        let documents = try database.intactCheckpoints().map(\.document)
        database.close()
        #expect(!documents.isEmpty)
        let path = fixture.directory + "/pumpd.sqlite"
        var file = try Data(contentsOf: URL(fileURLWithPath: path))
        for document in documents {
            let found = try #require(file.range(of: Data(document.utf8), options: .backwards))
            let digit = try #require(file[found].indices.first { (0x31...0x38).contains(file[$0]) })
            file[digit] += 1
        }
        try file.write(to: URL(fileURLWithPath: path))
        try Self.expectAcceptanceRefusedBeforeAnythingIsWritten(fixture, evidence: "checksum", reason: "no intact therapy checkpoint")
    }

    @Test func theOlderCheckpointAloneIsRestoredAsBefore() throws {
        let plain = try Self.reopen(try Self.saved(unreadableNewest: false), accepting: false)
        guard case .restored = plain.start else { Issue.record("expected a restore"); return }
        #expect(plain.session.prescription == ConfirmationTokensTests.prescription(500))
    }
}

extension ConfirmationTokens.StateFingerprint {
    static var sampleRig: RigConfiguration {
        RigConfiguration(
            stepVolume: .nanolitres(250), maximumRate: .millilitresPerHour(10), maximumStepsPerSecond: 100,
            minimumRate: .microlitresPerDay(10), deadVolume: .microlitres(200), primingRate: .millilitresPerHour(1),
            reservoirCapacity: .millilitres(40), emptyThreshold: .microlitres(500), refillDiscrepancyTolerance: .microlitres(500))
    }
}

extension TherapySession {
    /// Grants every step due up to `end`, each at its due instant.
    @discardableResult
    mutating func runSteps(until end: ClockReading) -> Int {
        var steps = 0
        while case .due(let due) = nextStep(), due <= end.monotonic {
            guard (try? commandStep(at: clock.advanced(by: max(due, clock.monotonic) - clock.monotonic))) != nil else { break }
            steps += 1
        }
        tick(at: end)
        return steps
    }
}
