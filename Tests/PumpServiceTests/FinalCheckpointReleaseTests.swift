import Foundation
import PumpStorage
import Testing

@testable import PumpService

/// At a clean stop, what the daemon gives up before the state (the step journal's locks) goes
/// once the final checkpoint is durable and while the state's lock is still held; never when the
/// checkpoint failed.
@Suite struct FinalCheckpointReleaseTests {
    /// Whether another open file description could take the state's lock now (flock conflicts
    /// within one process too).
    static func stateLockIsFree(in directory: String) -> Bool {
        let fd = open(directory + "/pumpd.sqlite.lock", O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return false }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) == 0
    }

    @Test func theReleaseRunsAfterTheDurableCheckpointWhileTheStateIsStillLocked() throws {
        let suite = try IdlePersistenceTests()
        let (service, runner, _) = try suite.service()
        var releases = 0, lockFreeDuringRelease = true
        let unsaved = service.finalCheckpoint(
            runner.session.withLock { $0 },
            beforeReleasingTheState: {
                releases += 1
                lockFreeDuringRelease = Self.stateLockIsFree(in: suite.directory)
            })
        #expect(unsaved == nil)
        #expect(releases == 1)
        #expect(!lockFreeDuringRelease)
        #expect(Self.stateLockIsFree(in: suite.directory))
    }

    @Test func aFailedFinalCheckpointReleasesNothing() throws {
        let suite = try IdlePersistenceTests()
        let (service, runner, keeper) = try suite.service()
        keeper.database.close()  // every write now fails
        var releases = 0
        let unsaved = service.finalCheckpoint(runner.session.withLock { $0 }, beforeReleasingTheState: { releases += 1 })
        #expect(unsaved != nil)
        #expect(releases == 0)
    }
}
