import Foundation
import PumpCore
import PumpStorage
import Testing

@testable import PumpService

/// Review R3: a wall clock set back inside the unsaved span closes an hour twice; the restore
/// must not book another hour's steps to it.
@Suite struct ReviewR3WallSetBackHoursTests {
    @Test(arguments: [-50 * 60, 2 * 3600]) func aWallClockStepInsideTheUnsavedSpanNeverMovesStepsToAnotherHour(shiftSeconds: Int64) throws {
        let base = try JournaledHoursRestoreTests()
        let directory = base.directory
        var (keeper, session) = try base.open(at: JournaledHoursRestoreTests.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: JournaledHoursRestoreTests.start)
        session.runSteps(until: JournaledHoursRestoreTests.start.advanced(by: .minutes(30)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 10)
        let saved = session.deliveredByHour
        let journal = try CommandedPositionJournal(directory: directory, bootID: "boot-1")
        journal.carryOn(from: session.planner.commandedPosition, at: session.clock.monotonic)
        // Into the next hour by 40 minutes (hour 0 closes)...
        JournaledHoursRestoreTests.runSteps(&session, noting: journal, until: JournaledHoursRestoreTests.start.advanced(by: .hours(1) + .minutes(40)))
        // ...then the wall clock is set back 50 minutes (to hour 0 again), and steps go on
        // past the next hour boundary (hour 0 closes a second time).
        var back = session.clock.advanced(by: .seconds(1))
        back.wall.unixNanoseconds += shiftSeconds * 1_000_000_000
        session.tick(at: back)
        JournaledHoursRestoreTests.runSteps(&session, noting: journal, until: session.clock.advanced(by: .minutes(40)))
        keeper.database.close()
        let note = try #require(try CommandedPositionJournal(directory: directory, bootID: "boot-1").lastNote)
        let restored = try base.open(at: session.clock.advanced(by: .minutes(1)), journal: note).session
        #expect(restored.ledger.deliveredMass == session.ledger.deliveredMass)
        let truth = Dictionary(uniqueKeysWithValues: session.deliveredByHour.hours.map { ($0.start, $0.volume) })
        let before = Dictionary(uniqueKeysWithValues: saved.hours.map { ($0.start, $0.volume) })
        let booked = Dictionary(uniqueKeysWithValues: restored.deliveredByHour.hours.map { ($0.start, $0.volume) })
        var wrong: [String] = []
        for hour in Set(truth.keys).union(booked.keys).sorted() {
            let run = (truth[hour] ?? .zero) - (before[hour] ?? .zero)
            if (booked[hour] ?? .zero) != run { wrong.append("hour \(hour): run booked \(run), restore \(booked[hour] ?? .zero)") }
        }
        // Review R3 finding: the rows are silently wrong after a wall-clock step in the unsaved span.
        withKnownIssue("review R3: journaled hours after a wall-clock step") { #expect(wrong.isEmpty, "\(wrong)") }
    }
}
