import Foundation
import PumpControl
import PumpCore
import PumpHardware
import PumpProfile
import PumpSimulation
import PumpStorage
import Testing

@testable import PumpService

/// PumpService.applyReload on a virtual-clock loop and a real state database: in force and on disk
/// when it returns, or nothing changed.
@Suite struct ApplyReloadTests {
    let directory: String
    let start = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 1_000_000_000), wall: CivilTime(unixNanoseconds: 1_795_000_000_000_000_000))

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("reload-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// A service on sim.toml's rig and thresholds, delivering; and the plan that lowers the
    /// occlusion threshold to 45 kPa and makes `nobody` an observer.
    func running() async throws -> (service: PumpService, runner: VirtualRunner, plan: ProfileReload.Plan) {
        let profile = try ProfileReloadTests.profile()
        let clock = VirtualClock(start: start)
        let (keeper, session, _) = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: profile.rigConfiguration,
            battery: profile.batteryThresholds,
            fresh: {
                TherapySession(
                    rig: profile.rigConfiguration,
                    fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: start.wall, position: 0),
                    pathPrimed: true, battery: profile.batteryThresholds, clock: start)
            }, at: start, bootID: "boot-1")
        let rig = SimulatedRig(configuration: SimulatedRigConfiguration(initialCatheterFill: .microlitres(200)), clock: clock)
        let runner = try VirtualRunner(
            cycle: ControlCycle(session: session, rig: rig.io, settings: RigAssembly.settings(for: profile)), clock: clock,
            onEvents: { _ in })
        let service = PumpService(
            runner: runner, keeper: keeper,
            rig: .init(name: "simulated", profilePath: "sim.toml", simulated: true, clock: "virtual", timeScale: 1), simulatedRig: rig,
            policy: AccessPolicy(access: profile.access, daemonUID: 4_000_000), log: { _ in })
        _ = await runner.perform { session, now in try? session.commit(ConfirmationTokensTests.prescription(500), at: now) }
        let onDisk = try ProfileReloadTests.profile([
            ("threshold_pa = 60_000", "threshold_pa = 45_000"), ("observers = [\"group:pumpd-observers\"]", "observers = [\"user:nobody\"]"),
        ])
        guard case .apply(let plan) = ProfileReload.judge(running: profile, onDisk: onDisk) else { throw ReloadError.loopStopped }
        return (service, runner, plan)
    }

    static let signal = ChangeActor(uid: 0, pid: 4242, role: "signal")

    @Test func anAppliedReloadIsInForceAndRecordedOnceBySettingWhenItReturns() async throws {
        let (service, runner, plan) = try await running()
        try await service.applyReload(plan, actor: Self.signal)
        #expect(await runner.performOnCycle { cycle, _ in cycle.thresholds.occlusionThresholdPascals } == 45_000)
        #expect(service.policy.role(uid: 65534, gid: 65534) == .observer)  // nobody
        let recorded = try service.keeper.database.events().filter { $0.kind == "settingsReloaded" }
        #expect(recorded.map(\.summary) == [
            "setting sensors.occlusion.threshold_pa reloaded: 60000 -> 45000",
            "setting access.observers reloaded: [group:pumpd-observers] -> [user:nobody]",
        ])
        #expect(recorded.allSatisfy { $0.actor == Self.signal })
        #expect(await runner.perform { session, _ in session.mode } == .running)
    }

    @Test func aReloadThatCannotBeRecordedIsUndoneWhole() async throws {
        let (service, runner, plan) = try await running()
        service.keeper.database.close()  // every write now fails
        await #expect(throws: ReloadError.self) { try await service.applyReload(plan, actor: Self.signal) }
        #expect(await runner.performOnCycle { cycle, _ in cycle.thresholds.occlusionThresholdPascals } == 60_000)
        #expect(service.policy.role(uid: 65534, gid: 65534) == nil, "the roles are put back too")
    }
}
