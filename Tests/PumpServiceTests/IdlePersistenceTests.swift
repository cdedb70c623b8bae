import Dispatch
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

    func service(writeTimeout: TimeSpan = .seconds(3), log: @escaping @Sendable (String) -> Void = { _ in }) throws
        -> (PumpService, AnnouncingRunner, StateKeeper)
    {
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
            writeTimeout: writeTimeout, log: log)
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

    /// Whether `condition` holds within 10 s (a bound for a stalled test, not a measure of speed).
    static func eventually(_ condition: () -> Bool) async -> Bool {
        for _ in 0..<1_000 {
            if condition() { return true }
            try? await Task.sleep(nanoseconds: 10_000_000)
        }
        return condition()
    }

    /// The prototype remade the reserve only at idle verdicts, and with a write bound of a second or
    /// more every wake was a file check: a reserve given up on a full disk was never remade.
    @Test func aSpaceReserveGoneIsRemadeWhenTheWriteBoundIsLongerThanTheFileCheck() async throws {
        let (service, _, keeper) = try service(writeTimeout: .seconds(3))
        let persistence = Task { await service.runPersistence() }
        #expect(await Self.eventually { !keeper.database.needsReserve }, "made at the start")
        try FileManager.default.removeItem(atPath: keeper.database.path + ".reserve")  // as a write on a full disk gives it up
        #expect(await Self.eventually { !keeper.database.needsReserve }, "remade")
        persistence.cancel()
        await persistence.value
        keeper.database.close()
    }

    @Test func aWriteHandedToTheIdleWriterThatHangsRaisesTheStorageAlarm() async throws {
        let lines = Mutex<[String]>([])
        let (service, _, keeper) = try service(writeTimeout: .milliseconds(300), log: { line in lines.withLock { $0.append(line) } })
        let persistence = Task { await service.runPersistence() }
        #expect(await Self.eventually { !keeper.database.needsReserve && !service.writer.isBusy })
        // Past the watchdog's short wakes of the start (a write's bound, the reserve's retry): it
        // now sleeps until the file check's backstop, a minute away, unless a write rings it.
        try await Task.sleep(nanoseconds: 1_500_000_000)
        let release = DispatchSemaphore(value: 0)
        service.writer.submit { release.wait() }
        #expect(await Self.eventually { lines.withLock { $0.contains { $0.contains("state not durable: a state write has not completed") } } })
        release.signal()
        persistence.cancel()
        await persistence.value
        keeper.database.close()
    }

    @Test(arguments: ["pumpd.sqlite", "pumpd.sqlite-wal", "pumpd.sqlite.seal"])
    func aStateFileDeletedWhileNothingIsWrittenRaisesTheStorageAlarmNamingIt(victim: String) async throws {
        let lines = Mutex<[String]>([])
        let (service, _, keeper) = try service(log: { line in lines.withLock { $0.append(line) } })
        let persistence = Task { await service.runPersistence() }
        #expect(await Self.eventually { !keeper.database.needsReserve && !service.writer.isBusy })
        try FileManager.default.removeItem(atPath: directory + "/" + victim)
        #expect(await Self.eventually { lines.withLock { $0.contains { $0.contains("state not durable") && $0.contains(victim + " (") } } })
        persistence.cancel()
        await persistence.value
        keeper.database.close()
    }
}
