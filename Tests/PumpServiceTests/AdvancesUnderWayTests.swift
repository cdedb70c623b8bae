import Foundation
import PumpControl
import PumpCore
import PumpStorage
import Synchronization
import Testing
import Varlink

@testable import PumpService

/// What the final checkpoint learns of the `AdvanceTime` calls under way: only those the stop cut
/// short, each with the whole chunks it made before the stop and none after.
@Suite struct AdvancesUnderWayTests {
    static let clinician = ChangeActor(uid: 0, pid: 1, role: "clinician")

    @Test func onlyAdvancesLeftOpenShortOfWhatTheyAskedAreRecordedInTheOrderTheyBegan() throws {
        let advances = AdvancesUnderWay()
        let done = try #require(advances.begin(asked: 86_400, actor: Self.clinician))
        let first = try #require(advances.begin(asked: 400 * 86_400, actor: Self.clinician))
        let second = try #require(advances.begin(asked: 3 * 86_400, actor: Self.clinician))
        let finishedNotEnded = try #require(advances.begin(asked: 86_400, actor: Self.clinician))
        advances.advanced(done, by: 86_400)
        #expect(advances.end(done))
        advances.advanced(first, by: 86_400)
        advances.advanced(first, by: 86_400)
        advances.advanced(second, by: 3_600)
        // The stop came after its last chunk, before its call ended it: it was not cut short.
        advances.advanced(finishedNotEnded, by: 86_400)
        let open = advances.takeOpen()
        let expected: [AdvancesUnderWay.Advance] = [
            .init(asked: 400 * 86_400, advanced: 2 * 86_400, actor: Self.clinician), .init(asked: 3 * 86_400, advanced: 3_600, actor: Self.clinician),
        ]
        #expect(open == expected)
        #expect(advances.takeOpen().isEmpty)
        // Taken by the final checkpoint: its call must not record it a second time.
        #expect(!advances.end(first))
    }

    @Test func onceClosedNoAdvanceBegins() {
        let advances = AdvancesUnderWay()
        #expect(!advances.isClosed)
        advances.close()
        #expect(advances.isClosed)
        #expect(advances.begin(asked: 86_400, actor: Self.clinician) == nil)
        let taken = AdvancesUnderWay()
        _ = taken.takeOpen()
        #expect(taken.begin(asked: 86_400, actor: Self.clinician) == nil)
    }

    @Test func theCutShortRecordSaysHowFarOfWhatWasAskedAndWhy() {
        let advance = AdvancesUnderWay.Advance(asked: 400 * 86_400, advanced: 2 * 86_400, actor: Self.clinician)
        let stop = AdvancesUnderWay.cutShortRecord(advance, cause: .stop)
        #expect(stop.summary == "simulated time advance cut short by pumpd's stop: advanced by 2 d of the 400 d asked")
        let detail: JSONObject = ["advanced": .integer(2 * 86_400), "asked": .integer(400 * 86_400), "cause": "pumpd's stop"]
        #expect(stop.detail == detail)
        #expect(AdvancesUnderWay.cutShortRecord(advance, cause: .failedWrite).summary.hasPrefix("simulated time advance cut short by a failed state write"))
    }

    /// A chunk counted is a chunk the session made, and once stopped neither happens (in sequence;
    /// a concurrent stop: `aStopRacingAnAdvanceNeverSplitsAChunkFromItsCount`).
    @Test func aStoppedRunnerNeitherAdvancesNorCountsTheChunk() async throws {
        let (virtual, _, _) = try await StatusReadTests.service()
        let advances = AdvancesUnderWay()
        let number = try #require(advances.begin(asked: 2 * 86_400, actor: Self.clinician))
        let before = virtual.clock.now().monotonic
        #expect(virtual.advance(by: .hours(24), then: { advances.advanced(number, by: 86_400) }))
        #expect(!virtual.isStopped)
        let session = virtual.stop()
        #expect(virtual.isStopped)
        #expect(!virtual.advance(by: .hours(24), then: { advances.advanced(number, by: 86_400) }))
        #expect(virtual.clock.now().monotonic - before == .hours(24))
        #expect(session.clock.monotonic - before == .hours(24))
        #expect(advances.takeOpen().map(\.advanced) == [86_400])
    }

    /// The runner's stop, racing an advance on another thread, lands between chunks, never between
    /// a chunk and its count: in every round the count taken at once after the stop (as the
    /// final checkpoint takes it) is how far the stopped session's clock moved. (Counted after
    /// the runner's lock is let go, a count could land after it was taken: a chunk short.)
    @Test func aStopRacingAnAdvanceNeverSplitsAChunkFromItsCount() async throws {
        for round in 0..<40 {
            let (virtual, _, _) = try await StatusReadTests.service()
            let advances = AdvancesUnderWay()
            let number = try #require(advances.begin(asked: 100_000_000, actor: Self.clinician))
            let before = virtual.clock.now().monotonic
            let chunks = Atomic<Int>(0)
            let ended = DispatchSemaphore(value: 0)
            Thread {
                while virtual.advance(by: .seconds(60), then: { advances.advanced(number, by: 60) }) {
                    chunks.add(1, ordering: .relaxed)
                }
                ended.signal()
            }.start()
            // Stopped after a varying number of chunks: somewhere inside one, or between two.
            while chunks.load(ordering: .relaxed) < 1 + round % 7 {}
            let session = virtual.stop()
            // Taken as the final checkpoint takes it: at once after the stop.
            let counted = try #require(advances.takeOpen().first).advanced
            ended.wait()
            #expect(session.clock.monotonic - before == .seconds(counted), "round \(round)")
            #expect(virtual.clock.now().monotonic == session.clock.monotonic, "round \(round)")
        }
    }
}
