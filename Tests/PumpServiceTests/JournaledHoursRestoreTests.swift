import Foundation
import PumpCore
import PumpStorage
import Testing

@testable import PumpService

/// A kill long after the last checkpoint (the virtual clock saves once per simulated day): the
/// restore books the step journal's span hour by hour, each hour with what its steps delivered
/// and the state it closed with, as a run that was not killed records them (issue 13).
@Suite struct JournaledHoursRestoreTests {
    let directory: String
    static let start = StateKeeperTests.start

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("hours-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func open(at reading: ClockReading, journal: CommandedPositionJournal.Note? = nil) throws -> (keeper: StateKeeper, session: TherapySession) {
        let opened = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: StateKeeperTests.rig, battery: StateKeeperTests.battery,
            fresh: Self.fresh, at: reading, bootID: "boot-1", journal: journal,
            runsUnsaved: .init(span: .days(1), steps: 10_000))
        return (opened.keeper, opened.session)
    }

    static func fresh() -> TherapySession {
        TherapySession(
            rig: StateKeeperTests.rig,
            fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: start.wall, position: 0),
            pathPrimed: true, battery: StateKeeperTests.battery, clock: start)
    }

    /// What the restore's `restored` event states it booked without knowing its hours.
    static func unsplit(stated session: inout TherapySession) -> UnsplitHours? {
        session.takeEvents().lazy.compactMap { event -> UnsplitHours? in
            guard case .restored(_, _, let unsplit) = event.kind else { return nil }
            return unsplit
        }.first
    }

    /// Steps as the control loop makes them, each noted in `journal` the way it notes them.
    static func runSteps(_ session: inout TherapySession, noting journal: CommandedPositionJournal, until end: ClockReading) {
        while case .due(let due) = session.nextStep(), due <= end.monotonic {
            let reading = session.clock.advanced(by: max(due, session.clock.monotonic) - session.clock.monotonic)
            guard (try? session.commandStep(at: reading)) != nil else { break }
            journal.hoursClosed(session.hourClosing)
            journal.commanded(position: session.planner.commandedPosition, at: reading.monotonic)
            journal.made(position: session.planner.commandedPosition)
        }
    }

    @Test func aKillHoursAfterTheCheckpointRestoresEachHourAsTheRunBookedAndClosedIt() throws {
        var (keeper, session) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.runSteps(until: Self.start.advanced(by: .minutes(30)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 10)
        let saved = session.deliveredByHour
        let checkpointHour = HourClosing.hourStart(of: session.clock.wall.unixNanoseconds)
        do {  // Ten hours and a bit of steps, then the process dies (its journal's lock with it): no checkpoint since.
            let journal = try CommandedPositionJournal(directory: directory, bootID: "boot-1", state: 7)
            journal.carryOn(from: session.planner.commandedPosition, at: session.clock.monotonic)
            Self.runSteps(&session, noting: journal, until: Self.start.advanced(by: .hours(10) + .minutes(50)))
        }
        keeper.database.close()
        let lastStepHour = HourClosing.hourStart(of: session.clock.wall.unixNanoseconds)
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot-1", state: 7).lastNote)
        #expect(note.hours.count == 10, "\(note.hours.map(\.start))")

        let restored = try open(at: session.clock.advanced(by: .minutes(1)), journal: note).session
        #expect(restored.planner.commandedPosition == session.planner.commandedPosition)
        #expect(restored.ledger.deliveredMass == session.ledger.deliveredMass)
        let truth = Dictionary(uniqueKeysWithValues: session.deliveredByHour.hours.map { ($0.start, $0) })
        let before = Dictionary(uniqueKeysWithValues: saved.hours.map { ($0.start, $0) })
        let booked = Dictionary(uniqueKeysWithValues: restored.deliveredByHour.hours.map { ($0.start, $0) })
        let closed = Dictionary(uniqueKeysWithValues: session.hourClosing.closed.map { ($0.start, $0.state) })
        let restoredClosed = Dictionary(uniqueKeysWithValues: restored.hourClosing.closed.map { ($0.start, $0.state) })
        for hour in stride(from: checkpointHour, to: lastStepHour, by: Int(HourClosing.hourNanoseconds)) {
            // What the run booked to the hour after the checkpoint, to the nanolitre and nanogram.
            let volume = (truth[hour]?.volume ?? .zero) - (before[hour]?.volume ?? .zero)
            let mass = (truth[hour]?.mass ?? .zero) - (before[hour]?.mass ?? .zero)
            #expect(volume > .zero)
            #expect(booked[hour]?.volume == volume && booked[hour]?.mass == mass, "hour \(hour): \(String(describing: booked[hour])) vs \(volume), \(mass)")
            #expect(restoredClosed[hour] != nil && restoredClosed[hour] == closed[hour], "hour \(hour)")
        }
        // The rest, up to the last step, in the hour of the last step.
        let rest = (truth[lastStepHour]?.volume ?? .zero) - (before[lastStepHour]?.volume ?? .zero)
        #expect(booked[lastStepHour]?.volume == rest)
    }

    @Test func aJournalWithoutItsHourNotesBooksTheSpanAsBeforeNeverAGuessedSplit() throws {
        var (keeper, session) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        _ = try keeper.save(session, revision: 1, stepsMoved: 0)
        session.runSteps(until: Self.start.advanced(by: .hours(3) + .minutes(30)))
        keeper.database.close()
        let note = CommandedPositionJournal.Note(
            position: session.planner.commandedPosition, instant: session.clock.monotonic, made: session.planner.commandedPosition)
        var restored = try open(at: session.clock.advanced(by: .minutes(1)), journal: note).session
        #expect(restored.ledger.deliveredMass == session.ledger.deliveredMass)
        #expect(restored.deliveredByHour.hours.count == 1)
        // ...and the restore says that hour's volume belongs to hours it cannot tell apart.
        let unsplit = Self.unsplit(stated: &restored)
        let startHour = HourClosing.hourStart(of: Self.start.wall.unixNanoseconds)
        #expect(unsplit?.volume == restored.deliveredByHour.hours.first?.volume)
        #expect(unsplit?.first == startHour && unsplit?.last == startHour + 3 * HourClosing.hourNanoseconds, "\(String(describing: unsplit))")
    }
}
