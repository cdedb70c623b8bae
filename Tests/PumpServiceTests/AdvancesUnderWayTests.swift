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

    /// A chunk counted is a chunk the session made, and once stopped neither happens (in sequence:
    /// the lock that makes a concurrent stop come before or after both is not exercised here).
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
}
