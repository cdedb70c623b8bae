import Foundation
import PumpCore
import PumpStorage
import Testing
import Varlink
import VarlinkCodable

@testable import PumpService

/// The newest checkpoint decoded while the state's checks run (`DecodedCheckpoint`, issue 13):
/// a restore through it is the restore without it, and it is taken only for the very checkpoint
/// the opened database holds.
@Suite struct DecodedAheadRestoreTests {
    let keeper: StateKeeperTests

    init() throws { keeper = try StateKeeperTests() }

    /// A state saved twice, so two intact checkpoints are kept, then closed.
    func savedTwice() throws {
        var (keeper, session, _) = try keeper.open(at: StateKeeperTests.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: StateKeeperTests.start)
        session.runSteps(until: StateKeeperTests.start.advanced(by: .hours(1)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 42, events: session.takeEvents(), actor: .daemon)
        session.runSteps(until: StateKeeperTests.start.advanced(by: .hours(2)))
        _ = try keeper.save(session, revision: 2, stepsMoved: 83, events: session.takeEvents(), actor: .daemon)
        keeper.database.close()
    }

    func restore(_ database: PumpDatabase, decodedAhead: DecodedCheckpoint?) throws -> (session: TherapyCheckpoint, from: TherapyCheckpoint?) {
        let later = ClockReading(monotonic: MonotonicInstant(nanoseconds: 9_000_000_000), wall: StateKeeperTests.start.wall + .hours(3))
        let opened = try StateKeeper.restore(
            database, everySteps: 100, interval: .seconds(60), rig: StateKeeperTests.rig, battery: StateKeeperTests.battery,
            fresh: keeper.fresh, at: later, bootID: "boot-2", timeScale: 1, journal: nil, writeTimeout: .seconds(3),
            policy: TherapyPolicy(), runsUnsaved: nil, decodedAhead: decodedAhead)
        guard case .restored(_, let from) = opened.start else { return (opened.session.checkpoint(), nil) }
        return (opened.session.checkpoint(), from)
    }

    @Test func aRestoreFromTheCheckpointDecodedAheadEqualsThePlainRestore() throws {
        try savedTwice()
        let database = try PumpDatabase.open(directory: keeper.directory)
        defer { database.close() }
        let stored = try database.intactCheckpoints()
        #expect(stored.count == 2)
        let ahead = DecodedCheckpoint(stored[0])
        #expect(try ahead.decoded(stored[0]) == DecodedCheckpoint.decode(stored[0]))
        let plain = try restore(database, decodedAhead: nil)
        #expect(plain.from == (try DecodedCheckpoint.decode(stored[0])))
        let throughAhead = try restore(database, decodedAhead: ahead)
        #expect(throughAhead.session == plain.session)
        #expect(throughAhead.from == plain.from)
    }

    /// The restore reads a stored document without JSONDecoder (its first-use cost is on the
    /// start's path), into the very checkpoint JSONDecoder reads from it.
    @Test func theRestoreDecodesEveryStoredCheckpointAsJSONDecoderDoes() throws {
        try savedTwice()
        let database = try PumpDatabase.open(directory: keeper.directory)
        defer { database.close() }
        let stored = try database.intactCheckpoints()
        #expect(stored.count == 2)
        for checkpoint in stored {
            let decoded = try DecodedCheckpoint.decode(checkpoint)
            #expect(decoded == (try JSONDecoder().decode(TherapyCheckpoint.self, from: Data(checkpoint.document.utf8))))
            #expect(decoded.prescription != nil)
        }
        #expect(try DecodedCheckpoint.decode(stored[0]) != DecodedCheckpoint.decode(stored[1]))
    }

    /// A day of a flex program with a weekday of its own and alarms raised and acknowledged (the
    /// rolling windows full, escapes in the evidence), and the same
    /// checkpoint as older builds wrote it (members they did not have left out): the restore's
    /// decoding, and this decoder alone without its hand-over to JSONDecoder, read each as
    /// JSONDecoder does.
    @Test func aDayOldCheckpointAndItsOlderFormsDecodeAsJSONDecoderDecodesThem() throws {
        var session = keeper.fresh()
        let day = DailySchedule(steps: [
            FlexStep(start: TimeOfDay(secondsSinceMidnight: 0), rate: .microgramsPerDay(400)),
            FlexStep(start: TimeOfDay(secondsSinceMidnight: 8 * 3600), rate: .microgramsPerDay(600)),
        ])
        try session.commit(
            Prescription(
                drug: ConfirmationTokensTests.drug,
                basal: .flex(FlexSchedule(everyDay: day, byWeekday: [.saturday: DailySchedule(steps: [FlexStep(start: TimeOfDay(secondsSinceMidnight: 0), rate: .microgramsPerDay(300))])])),
                limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)),
                lowReservoirAlarm: .millilitres(2)),
            at: StateKeeperTests.start)
        session.runSteps(until: StateKeeperTests.start.advanced(by: .days(1)))
        let later = StateKeeperTests.start.advanced(by: .days(1))
        session.raiseAlarm(.occlusion, evidence: "switch closed", at: later)
        try session.acknowledgeAlarm(.occlusion, at: later.advanced(by: .minutes(1)))
        session.raiseAlarm(.sensorDegraded, evidence: "pressure noisy \u{00B5}/\\ \"quoted\"", at: later)
        let checkpoint = session.checkpoint()
        #expect(checkpoint.prescription != nil && !checkpoint.alarms.isEmpty)
        let document = String(decoding: try JSONEncoder().encode(checkpoint), as: UTF8.self)
        var older = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? [String: Any])
        older["unrecordedMass"] = nil
        older["unrecordedVolume"] = nil
        older["alarms"] = (older["alarms"] as? [[String: Any]])?.map { $0.filter { $0.key != "lastAcknowledgedAt" } }
        let olderDocument = String(decoding: try JSONSerialization.data(withJSONObject: older), as: UTF8.self)
        #expect(!olderDocument.contains("lastAcknowledgedAt") && document.contains("lastAcknowledgedAt"))
        for text in [document, olderDocument] {
            let foundation = try JSONDecoder().decode(TherapyCheckpoint.self, from: Data(text.utf8))
            let stored = StoredCheckpoint(
                savedAtWallNanoseconds: 1, savedAtMonotonicNanoseconds: 1, bootID: "b", positionPicolitres: 0, stepsMoved: 0, document: text)
            #expect(try DecodedCheckpoint.decode(stored) == foundation)
            #expect(try JSONValueDecoder.decode(TherapyCheckpoint.self, from: JSONValue.parse(text)) == foundation)
        }
        #expect(try JSONDecoder().decode(TherapyCheckpoint.self, from: Data(document.utf8)) == checkpoint)
    }

    @Test func aCheckpointDecodedAheadIsIgnoredForAnyOtherCheckpoint() throws {
        try savedTwice()
        let database = try PumpDatabase.open(directory: keeper.directory)
        defer { database.close() }
        let stored = try database.intactCheckpoints()
        // Decoded ahead from the older checkpoint (as if the database changed after it was read):
        // the restore decodes the newest itself.
        let older = DecodedCheckpoint(stored[1])
        #expect(try older.decoded(stored[0]) == nil)
        var altered = stored[0]
        altered.document += " "
        #expect(try DecodedCheckpoint(altered).decoded(stored[0]) == nil)
        let plain = try restore(database, decodedAhead: nil)
        let throughOther = try restore(database, decodedAhead: older)
        #expect(throughOther.session == plain.session)
        #expect(throughOther.from == (try DecodedCheckpoint.decode(stored[0])))
    }

    /// Through the daemon's path: checks begun ahead, the checkpoint decoded while they run.
    @Test func anOpenWithTheChecksAheadRestoresWhatAPlainOpenRestores() throws {
        try savedTwice()
        let later = ClockReading(monotonic: MonotonicInstant(nanoseconds: 9_000_000_000), wall: StateKeeperTests.start.wall + .hours(3))
        let copy = keeper.directory + "-copy"
        try FileManager.default.copyItem(atPath: keeper.directory, toPath: copy)
        let plain = try StateKeeper.open(
            directory: keeper.directory, everySteps: 100, interval: .seconds(60), rig: StateKeeperTests.rig,
            battery: StateKeeperTests.battery, fresh: keeper.fresh, at: later, bootID: "boot-2")
        plain.keeper.database.close()
        let ahead = try StateKeeper.open(
            directory: copy, everySteps: 100, interval: .seconds(60), rig: StateKeeperTests.rig,
            battery: StateKeeperTests.battery, fresh: keeper.fresh, at: later, bootID: "boot-2",
            checkedAhead: try #require(DatabaseCheckAhead.begin(directory: copy)))
        ahead.keeper.database.close()
        #expect(ahead.session.checkpoint() == plain.session.checkpoint())
        guard case .restored(let outage, let from) = ahead.start, case .restored(let plainOutage, let plainFrom) = plain.start else {
            Issue.record("expected restores")
            return
        }
        #expect(outage == plainOutage && from == plainFrom)
    }
}
