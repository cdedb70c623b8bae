import Foundation
import PumpCore
import PumpStorage
import Synchronization
import Testing

@testable import PumpService

/// "Delivered today" read while a checkpoint is being written: the hours that save adds are counted
/// once, whether the read sees its commit or not.
@Suite struct TodayDuringASaveTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("today-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The hours booked after `steps` steps of 250 nL / 500 ng, all in one hour.
    static func booked(_ steps: Int64) -> DeliveryByHour {
        var hours = DeliveryByHour()
        for _ in 0..<steps { hours.book(volume: .nanolitres(250), mass: .nanograms(500), at: StateKeeperTests.start.wall.unixNanoseconds) }
        return hours
    }

    /// A save of 10 steps ended (checkpoint 1); one of 13 is committing (checkpoint 2); the loop
    /// is at 15. Between the commit and the save's end, a snapshot of the history already holds
    /// the 13: only 2 are unsaved, not 5 (the defect: 3 steps counted twice).
    @Test func aSnapshotThatHoldsASaveInFlightCountsItsHoursOnce() {
        var saved = SavedHours()
        saved.writing(Self.booked(10), checkpointGeneration: 1)
        saved.endSave(wrote: Self.booked(10))
        saved.writing(Self.booked(13), checkpointGeneration: 2)
        let loop = Self.booked(15)
        #expect(saved.unsaved(in: loop, from: .min, to: .max, snapshotGeneration: 2).mass == .nanograms(1_000), "committed: 2 steps unsaved")
        #expect(saved.unsaved(in: loop, from: .min, to: .max, snapshotGeneration: 1).mass == .nanograms(2_500), "not yet: 5 steps unsaved")
        #expect(saved.unsaved(in: loop, from: .min, to: .max, snapshotGeneration: nil).mass == .nanograms(1_000), "unknown: never twice")
        saved.endSave(wrote: Self.booked(13))
        #expect(saved.unsaved(in: loop, from: .min, to: .max, snapshotGeneration: 2).mass == .nanograms(1_000))
    }

    /// A save that failed before its commit leaves the last saved copy as the baseline.
    @Test func aSaveThatWroteNothingLeavesTheLastSavedCopyTheBaseline() {
        var saved = SavedHours()
        saved.writing(Self.booked(13), checkpointGeneration: 1)
        saved.endSave(wrote: nil)
        #expect(saved.unsaved(in: Self.booked(15), from: .min, to: .max, snapshotGeneration: 0).mass == .nanograms(7_500))
        #expect(saved.unsaved(in: Self.booked(15), from: .min, to: .max, snapshotGeneration: nil).mass == .nanograms(7_500))
    }

    /// Saves on another thread while "today" is read over and over with the copy being saved: no
    /// read may exceed what the ledger delivered (before the fix, reads between a save's commit
    /// and its end counted the save's steps twice).
    @Test func todayReadDuringSavesNeverCountsTheSavedStepsTwice() throws {
        let tests = StateKeeperTests(directory: directory)
        let opened = try tests.open(at: StateKeeperTests.start)
        let keeper = opened.keeper
        var session = opened.session
        try session.commit(ConfirmationTokensTests.prescription(500), at: StateKeeperTests.start)
        let day = DeliveryByHour.localDay(of: session.clock.wall)
        var worst: Int64 = 0
        for round in 1...150 {
            session.runSteps(until: StateKeeperTests.start.advanced(by: .minutes(Int64(round) * 5)))
            let copy = session
            let done = Atomic<Bool>(false)
            let saver = Thread {
                _ = try? keeper.save(copy, revision: Int64(round), stepsMoved: Int64(round))
                done.store(true, ordering: .releasing)
            }
            saver.start()
            while !done.load(ordering: .acquiring) {
                let today = try keeper.delivered(inHoursFrom: day.from, to: day.to, of: copy)
                worst = max(worst, today.massNanograms - copy.ledger.deliveredMass.nanograms)
            }
        }
        #expect(worst == 0, "today exceeded the ledger by \(worst) ng")
    }
}

extension StateKeeperTests {
    init(directory: String) { self.directory = directory }
}
