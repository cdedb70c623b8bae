import Foundation
import PumpStorage
import Synchronization
import Testing

@testable import PumpService

/// The final checkpoint and the advances the stop cut short: recorded in its write, or said in
/// the log when that write fails.
@Suite struct FinalCheckpointAdvanceTests {
    @Test func aCutShortAdvanceIsRecordedWithTheFinalCheckpoint() throws {
        let suite = try IdlePersistenceTests()
        defer { try? FileManager.default.removeItem(atPath: suite.directory) }
        let (service, runner, keeper) = try suite.service()
        let number = try #require(service.advances.begin(asked: 400 * 86_400, actor: AdvancesUnderWayTests.clinician))
        service.advances.advanced(number, by: 2 * 86_400)
        #expect(try keeper.database.events(kinds: ["rigTimeAdvanceCutShort"]).isEmpty)
        #expect(service.finalCheckpoint(runner.session.withLock { $0 }) == nil)
        // What the next start finds (the final checkpoint closed the database).
        let (_, _, reopened) = try suite.service()
        let records = try reopened.database.events(kinds: ["rigTimeAdvanceCutShort"])
        #expect(records.map(\.summary) == ["simulated time advance cut short by pumpd's stop: advanced by 2 d of the 400 d asked"])
        #expect(records.first?.actor == AdvancesUnderWayTests.clinician)
    }

    /// A final checkpoint that cannot be written says each record it may not have written in the
    /// log: never dropped without a word.
    @Test func aFailedFinalCheckpointSaysTheCutShortRecordInTheLog() throws {
        let suite = try IdlePersistenceTests()
        defer { try? FileManager.default.removeItem(atPath: suite.directory) }
        let lines = Mutex<[String]>([])
        let (service, runner, keeper) = try suite.service(log: { line in lines.withLock { $0.append(line) } })
        let number = try #require(service.advances.begin(asked: 400 * 86_400, actor: AdvancesUnderWayTests.clinician))
        service.advances.advanced(number, by: 2 * 86_400)
        keeper.database.close()  // every write now fails
        #expect(service.finalCheckpoint(runner.session.withLock { $0 }) != nil)
        let said = lines.withLock { $0 }.filter { $0.hasPrefix("pumpd: perhaps not in the event log (the final checkpoint failed") }
        #expect(said.count == 1 && said[0].hasSuffix("simulated time advance cut short by pumpd's stop: advanced by 2 d of the 400 d asked"), "\(lines.withLock { $0 })")
    }
}
