import Foundation
import PumpControl
import PumpHardware
import PumpProfile
import PumpSimulation
import PumpCore
import PumpStorage
import Synchronization
import Testing
import Varlink

@testable import PumpService

/// A runner that forwards to a virtual one and counts the calls that would run on the loop.
final class CountingRunner: ControlLoopRunner {
    let inner: VirtualRunner
    let loopCalls = Atomic<Int>(0)

    init(_ inner: VirtualRunner) { self.inner = inner }

    func perform<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result {
        loopCalls.add(1, ordering: .relaxed)
        return await inner.perform(body)
    }

    func performChange<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result? {
        loopCalls.add(1, ordering: .relaxed)
        return await inner.performChange(body)
    }

    func performOnCycle<Result: Sendable>(_ body: @escaping @Sendable (ControlCycle, ClockReading) -> Result) async -> Result? {
        loopCalls.add(1, ordering: .relaxed)
        return await inner.performOnCycle(body)
    }

    var snapshot: CycleSnapshot { inner.snapshot }
    var sessions: SessionPublisher { inner.sessions }
    var latenessSummary: LatenessSummary { inner.latenessSummary }
    var heartbeat: Int64 { inner.heartbeat }
    func observePublications(_ observer: PublicationObserver) { inner.observePublications(observer) }
    func stop() -> TherapySession { inner.stop() }
}

/// GetStatus reads what the loop last published (issue 13): nothing runs on the loop for it, yet
/// it shows the state as of the loop's last instant, today's delivery counted once across saves.
@Suite struct StatusReadTests {
    static let observer = PumpInterface.Caller(actor: ChangeActor(uid: 1000, pid: 42, role: "observer"), role: .observer)

    @Test func statusRunsNothingOnTheLoopAndShowsTheStateAsOfItsLastWake() async throws {
        let (virtual, runner, service) = try await Self.service()
        virtual.advance(by: .hours(2))
        let status = await PumpInterface(service: service).status(for: Self.observer)
        #expect(runner.loopCalls.load(ordering: .relaxed) == 0)
        let published = virtual.sessions.latest!
        #expect(published.stepsMoved > 0)
        #expect(status["stepsMoved"]?.integerValue == published.stepsMoved)
        #expect(status["time"]?.stringValue == published.session.clock.wall.description)
        #expect(status["stopCause"]?.stringValue == nil)
        #expect(status["alarms"]?.arrayValue?.first?["kind"]?.stringValue == nil)
        #expect(status["mode"]?.stringValue == "running")
    }

    @Test func deliveredTodayCountsEveryHourOnceBeforeAndAfterEachSave() async throws {
        let (virtual, _, service) = try await Self.service()
        let interface = PumpInterface(service: service)
        for _ in 0..<3 {
            virtual.advance(by: .minutes(50))
            let unsaved = await interface.status(for: Self.observer)["deliveredTodayVolume"]?.integerValue
            #expect(unsaved == Self.bookedToday(virtual.sessions.latest!.session))
            #expect((unsaved ?? 0) > 0)
            #expect(await service.persist(events: [], actor: nil) == nil)
            let saved = await interface.status(for: Self.observer)["deliveredTodayVolume"]?.integerValue
            #expect(saved == Self.bookedToday(virtual.sessions.latest!.session))
            #expect(await interface.status(for: Self.observer)["deliveredTodayVolume"]?.integerValue == saved, "read again, no save between")
        }
    }

    static func bookedToday(_ session: TherapySession) -> Int64 {
        let day = DeliveryByHour.localDay(of: session.clock.wall)
        return session.deliveredByHour.hours.filter { $0.start >= day.from && $0.start < day.to }.reduce(0) { $0 + $1.volume.nanolitres }
    }

    static func service() async throws -> (VirtualRunner, CountingRunner, PumpService) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("status-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let start = StateKeeperTests.start, rig = ConfirmationTokens.StateFingerprint.sampleRig
        let (keeper, session, _) = try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: rig, battery: StateKeeperTests.battery,
            fresh: {
                TherapySession(
                    rig: rig, fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: start.wall, position: 0),
                    pathPrimed: true, battery: StateKeeperTests.battery, clock: start)
            }, at: start)
        let clock = VirtualClock(start: start)
        let motor = SimulatedRig(clock: clock).motor
        let virtual = try VirtualRunner(cycle: ControlCycle(session: session, rig: RigIO(motor: motor), settings: ControlSettings()), clock: clock) { _ in }
        let refusal = await virtual.perform { session, now -> String? in
            do { try session.commit(ConfirmationTokensTests.prescription(500), at: now); return nil } catch { return "\(error)" }
        }
        #expect(refusal == nil)
        let runner = CountingRunner(virtual)
        let service = PumpService(
            runner: runner, keeper: keeper, rig: .init(name: "t", profilePath: "t", simulated: true, clock: "virtual", timeScale: 1),
            simulatedRig: nil, policy: AccessPolicy(access: AccessProfile(programmers: [], operators: [], observers: []), daemonUID: getuid()),
            log: { _ in })
        return (virtual, runner, service)
    }
}
