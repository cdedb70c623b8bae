import Foundation
import PumpStorage
import PumpTestKit
import Testing

@testable import PumpService

/// At a stop, what the daemon gives up before the state (the step journal's locks) goes after the
/// final checkpoint's write, while the state's lock is still held, whether or not the write
/// succeeded.
@Suite struct FinalCheckpointReleaseTests {
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
}
