import Foundation
import PumpControl
import PumpCore
import PumpProfile
import PumpStorage
import Synchronization
import Testing

@testable import PumpService

/// The storage task sleeps until something is due: the loop's announcements of steps and hours,
/// the checkpoint interval, the watchdog's next check. It does not poll.
@Suite struct IdlePersistenceTests {
    let directory: String

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("idle-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    func service() throws -> (PumpService, AnnouncingRunner, StateKeeper) {
        let start = StateKeeperTests.start
        var (keeper, session, _) = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(3600), rig: StateKeeperTests.rig, battery: StateKeeperTests.battery,
            fresh: {
                TherapySession(
                    rig: StateKeeperTests.rig,
                    fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: start.wall, position: 0),
                    pathPrimed: true, battery: StateKeeperTests.battery, clock: start)
            }, at: start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: start)
        _ = session.takeEvents()
        let runner = AnnouncingRunner(session: session)
        let service = PumpService(
            runner: runner, keeper: keeper,
            rig: .init(name: "t", profilePath: "t", simulated: true, clock: "virtual", timeScale: 1), simulatedRig: nil,
            policy: AccessPolicy(access: AccessProfile(programmers: [], operators: [], observers: []), daemonUID: getuid()),
            log: { _ in })
        return (service, runner, keeper)
    }

    @Test func theCheckpointTaskDoesNotPollTheLoopWhileNothingMoves() async throws {
        let (service, runner, keeper) = try service()
        let persistence = Task { await service.runPersistence() }
        while runner.snapshotReads.load(ordering: .relaxed) == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        // Three of the old poll's periods: it read the snapshot at each.
        try await Task.sleep(nanoseconds: 300_000_000)
        #expect(runner.snapshotReads.load(ordering: .relaxed) == 1)
        persistence.cancel()
        await persistence.value
        keeper.database.close()
    }

    @Test func stepsTheLoopAnnouncesAreCheckpointedAtTheStepCadence() async throws {
        let (service, runner, keeper) = try service()
        let persistence = Task { await service.runPersistence() }
        while !runner.isObserved || runner.snapshotReads.load(ordering: .relaxed) == 0 { try await Task.sleep(nanoseconds: 1_000_000) }
        var moved = CycleSnapshot()
        moved.stepsMoved = 100
        runner.announce(moved)
        // Bounded wait for the write (the checkpoint interval, an hour, is not what brings it).
        for _ in 0..<10_000 where keeper.checkpointDue(stepsMoved: 100) { try await Task.sleep(nanoseconds: 1_000_000) }
        #expect(!keeper.checkpointDue(stepsMoved: 100), "a checkpoint at step 100 was written")
        persistence.cancel()
        await persistence.value
        keeper.database.close()
    }
}
