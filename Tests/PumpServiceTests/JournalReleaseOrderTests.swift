import Foundation
import PumpStorage
import PumpTestKit
import Testing

@testable import PumpService

/// What the daemon gives up before the state (the step journal's locks) goes while the state's
/// lock is still held: after the final checkpoint's write, whether or not it succeeded, and when a
/// restore is refused after the journal opened.
@Suite struct JournalReleaseOrderTests {
    @Test func theReleaseRunsAfterTheDurableCheckpointWhileTheStateIsStillLocked() throws {
        let suite = try IdlePersistenceTests()
        defer { try? FileManager.default.removeItem(atPath: suite.directory) }
        let (service, runner, _) = try suite.service()
        let stateLock = suite.directory + "/pumpd.sqlite.lock"
        var refusalsDuringRelease: [Int32] = []
        let unsaved = service.finalCheckpoint(
            runner.session.withLock { $0 },
            beforeReleasingTheState: { refusalsDuringRelease.append(FileLockProbe.error(tryingToLock: stateLock)) })
        #expect(unsaved == nil)
        #expect(refusalsDuringRelease == [EWOULDBLOCK])
        #expect(FileLockProbe.error(tryingToLock: stateLock) == 0)
    }

    /// After a failed write the journal is given up all the same (its notes stay in the files for
    /// the restore): the state's lock then goes only with the process, after it.
    @Test func aFailedFinalCheckpointStillReleasesOnce() throws {
        let suite = try IdlePersistenceTests()
        defer { try? FileManager.default.removeItem(atPath: suite.directory) }
        let (service, runner, keeper) = try suite.service()
        keeper.database.close()  // every write now fails
        var releases = 0
        let unsaved = service.finalCheckpoint(runner.session.withLock { $0 }, beforeReleasingTheState: { releases += 1 })
        #expect(unsaved != nil)
        #expect(releases == 1)
    }

    @Test func aRefusedRestoreGivesTheJournalUpWhileTheStateIsStillLocked() throws {
        let keeperTests = try StateKeeperTests()
        defer { try? FileManager.default.removeItem(atPath: keeperTests.directory) }
        let (keeper, session, _) = try keeperTests.open(at: StateKeeperTests.start)
        _ = try keeper.database.write { transaction in
            try transaction.saveCheckpoint(StoredCheckpoint(
                savedAtWallNanoseconds: session.clock.wall.unixNanoseconds, savedAtMonotonicNanoseconds: 1, bootID: "other",
                positionPicolitres: 0, stepsMoved: 0, document: #"{"format": "from the future"}"#))
        }
        keeper.database.close()
        let stateLock = keeperTests.directory + "/pumpd.sqlite.lock"
        var opened = 0
        var refusalsDuringRelease: [Int32] = []
        #expect(throws: ServiceError.self) {
            _ = try StateKeeper.open(
                directory: keeperTests.directory, everySteps: 100, interval: .seconds(60), rig: StateKeeperTests.rig,
                battery: StateKeeperTests.battery, fresh: keeperTests.fresh, at: StateKeeperTests.start, bootID: "boot-1",
                openingJournal: { _ in
                    opened += 1
                    return nil
                },
                releasingJournal: { refusalsDuringRelease.append(FileLockProbe.error(tryingToLock: stateLock)) })
        }
        #expect(opened == 1)
        #expect(refusalsDuringRelease == [EWOULDBLOCK])
        #expect(FileLockProbe.error(tryingToLock: stateLock) == 0)
    }
}
