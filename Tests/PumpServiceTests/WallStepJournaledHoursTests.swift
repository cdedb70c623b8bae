import Foundation
import PumpCore
import PumpStorage
import Testing

@testable import PumpService

/// A wall clock stepped inside the unsaved span (review R3): the step journal notes steps on the
/// monotonic clock and hours as the wall clock closed them, so a set-back closes an hour twice
/// and the steps after the last note have no true wall time. The restore never books another
/// hour's steps silently: each row is what the run booked, or the restore's event states the
/// volume whose hours are unknown and every hour it may belong to.
@Suite struct WallStepJournaledHoursTests {
    struct Run {
        var truth: [Int64: Volume]
        var booked: [Int64: Volume]
        var unsplit: UnsplitHours?
        var wrong: [Int64] { Set(truth.keys).union(booked.keys).sorted().filter { truth[$0] ?? .zero != booked[$0] ?? .zero } }
    }

    /// 30 min of steps, a checkpoint, then steps 40 min into the next hour, the wall clock moved by
    /// `shiftSeconds`, 40 min more steps, and a kill; restored a minute later.
    static func killAfterWallStep(shiftSeconds: Int64) throws -> Run {
        let base = try JournaledHoursRestoreTests()
        let start = JournaledHoursRestoreTests.start
        var (keeper, session) = try base.open(at: start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: start)
        session.runSteps(until: start.advanced(by: .minutes(30)))
        _ = try keeper.save(session, revision: 1, stepsMoved: 10)
        let saved = session.deliveredByHour
        do {  // The process that notes the steps, gone (and its journal's lock with it) at the kill.
            let journal = try CommandedPositionJournal(directory: base.directory, bootID: "boot-1", state: 7)
            journal.carryOn(from: session.planner.commandedPosition, at: session.clock.monotonic)
            JournaledHoursRestoreTests.runSteps(&session, noting: journal, until: start.advanced(by: .hours(1) + .minutes(40)))
            var moved = session.clock.advanced(by: .seconds(1))
            moved.wall.unixNanoseconds += shiftSeconds * 1_000_000_000
            session.tick(at: moved)
            JournaledHoursRestoreTests.runSteps(&session, noting: journal, until: session.clock.advanced(by: .minutes(40)))
        }
        keeper.database.close()
        let note = try #require(try CommandedPositionJournal(directory: base.directory, bootID: "boot-1", state: 7).lastNote)
        var restored = try base.open(at: session.clock.advanced(by: .minutes(1)), journal: note).session
        #expect(restored.ledger.deliveredMass == session.ledger.deliveredMass)
        let before = Dictionary(uniqueKeysWithValues: saved.hours.map { ($0.start, $0.volume) })
        let truth = Dictionary(uniqueKeysWithValues: session.deliveredByHour.hours.map { ($0.start, $0.volume - (before[$0.start] ?? .zero)) })
        // The restored session books only the span after the checkpoint (the rows before are in the history).
        let booked = Dictionary(uniqueKeysWithValues: restored.deliveredByHour.hours.map { ($0.start, $0.volume) })
        let unsplit = JournaledHoursRestoreTests.unsplit(stated: &restored)
        return Run(truth: truth.filter { $0.value > .zero }, booked: booked.filter { $0.value > .zero }, unsplit: unsplit)
    }

    @Test(arguments: [-50 * 60, 2 * 3600]) func aWallClockStepInsideTheUnsavedSpanIsStatedNeverBookedSilentlyToAnotherHour(shiftSeconds: Int64) throws {
        let run = try Self.killAfterWallStep(shiftSeconds: shiftSeconds)
        #expect(!run.wrong.isEmpty, "the run's rows cannot be rebuilt from the journal here: the test must exercise the statement")
        let unsplit = try #require(run.unsplit, "rows differ from the run's (\(run.wrong)) and the restore does not say so")
        // Every row that differs is inside the stated hours, and the stated volume is all that went astray.
        for hour in run.wrong { #expect((unsplit.first...unsplit.last).contains(hour), "hour \(hour) outside \(unsplit)") }
        #expect(run.truth.keys.allSatisfy { (unsplit.first...unsplit.last).contains($0) }, "\(run.truth.keys.sorted()) vs \(unsplit)")
        #expect(run.booked[unsplit.bookedTo] == unsplit.volume)
        let total = run.truth.values.reduce(Volume.zero, +)
        #expect(unsplit.volume == total)
        #expect(TherapyEvent.Kind.restored(outage: .zero, unrecorded: .zero, unsplit: unsplit).description.contains("unknown"))
    }

    @Test func withTheWallClockKeepingPaceTheRestoreSplitsByHourAndStatesNothingUnknown() throws {
        let run = try Self.killAfterWallStep(shiftSeconds: 0)
        #expect(run.truth.count == 3)
        #expect(run.wrong.isEmpty, "\(run.wrong) \(run.truth.sorted { $0.key < $1.key }) \(run.booked.sorted { $0.key < $1.key })")
        #expect(run.unsplit == nil)
    }
}
