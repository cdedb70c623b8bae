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
    /// `onDisk`: the profile to reload instead (from sim.toml as running); `onEvents`: what the
    /// loop's events are handed to (by default nowhere).
    func running(
        onDisk changed: HardwareProfile? = nil, onEvents: @escaping @Sendable ([TherapyEvent]) -> Void = { _ in }
    ) async throws -> (service: PumpService, runner: VirtualRunner, plan: ProfileReload.Plan) {
        let profile = try ProfileReloadTests.profile()
        let clock = VirtualClock(start: start)
        var (keeper, session, _) = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: profile.rigConfiguration,
            battery: profile.batteryThresholds,
            fresh: {
                TherapySession(
                    rig: profile.rigConfiguration,
                    fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: start.wall, position: 0),
                    pathPrimed: true, battery: profile.batteryThresholds, clock: start)
            }, at: start, bootID: "boot-1")
        session.configure(library: profile.drugLibrary, policy: profile.programming.policy)  // as pumpd does at start
        let rig = SimulatedRig(configuration: SimulatedRigConfiguration(initialCatheterFill: .microlitres(200)), clock: clock)
        let runner = try VirtualRunner(
            cycle: ControlCycle(session: session, rig: rig.io, settings: RigAssembly.settings(for: profile)), clock: clock,
            onEvents: onEvents)
        let service = PumpService(
            runner: runner, keeper: keeper,
            rig: .init(name: "simulated", profilePath: "sim.toml", simulated: true, clock: "virtual", timeScale: 1), simulatedRig: rig,
            policy: AccessPolicy(access: profile.access, daemonUID: 4_000_000), log: { _ in })
        _ = await runner.perform { session, now in try? session.commit(ConfirmationTokensTests.prescription(500), at: now) }
        let onDisk = try changed ?? ProfileReloadTests.profile([
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

    /// sim.toml with baclofen's hard daily limit lowered in its library (the file's content
    /// changed, its path not) and the stopped reminder at 2 h.
    static func withEditedLibrary() throws -> HardwareProfile {
        var onDisk = try ProfileReloadTests.profile([("stopped_reminder = \"1h\"", "stopped_reminder = \"2h\"")])
        onDisk.drugLibrary?.entries[0].dailyDose.hard = .micrograms(1500)
        return onDisk
    }

    @Test func aChangedLibraryIsInForceForTheNextReviewAndAuditedWithItsNameEntriesAndCaller() async throws {
        let onDisk = try Self.withEditedLibrary()
        let (service, runner, plan) = try await running(onDisk: onDisk)
        try await service.applyReload(plan, actor: Self.signal)
        let now = await runner.perform { session, _ in (session.drugLibrary, session.policy, session.mode) }
        #expect(now.0 == onDisk.drugLibrary && now.0?.entries[0].dailyDose.hard == .micrograms(1500))
        #expect(now.1.stoppedReminderAfter == .hours(2))
        #expect(now.2 == .running, "the running program stays")
        let recorded = try service.keeper.database.events().filter { $0.kind == "settingsReloaded" }
        let library = try #require(recorded.first { $0.summary.hasPrefix("drug library reloaded: ") }, "\(recorded.map(\.summary))")
        #expect(library.actor == Self.signal)
        #expect(library.summary.contains("\"intrathecal-example 2026-12\" (4 drugs, other drugs allowed)"))
        #expect(library.summary.hasSuffix("with changed entries"))
        #expect(library.detail.contains("\"library\":\"intrathecal-example 2026-12\"") && library.detail.contains("\"entries\":4"), "\(library.detail)")
        #expect(recorded.contains { $0.summary == "setting programming.stopped_reminder reloaded: 1 h -> 2 h" }, "\(recorded.map(\.summary))")
    }

    @Test func aChangedLibraryThatCannotBeRecordedIsPutBack() async throws {
        let running = try ProfileReloadTests.profile()
        let (service, runner, plan) = try await self.running(onDisk: try Self.withEditedLibrary())
        service.keeper.database.close()
        await #expect(throws: ReloadError.self) { try await service.applyReload(plan, actor: Self.signal) }
        let now = await runner.perform { session, _ in (session.drugLibrary, session.policy) }
        #expect(now.0 == running.drugLibrary && now.1 == running.programming.policy)
    }
}
