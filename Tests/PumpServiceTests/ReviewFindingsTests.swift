import Foundation
import PumpControl
import PumpCore
import PumpProfile
import PumpStorage
import Synchronization
import Testing

@testable import PumpService

/// A loop stand-in: the session under a lock, a fixed clock, and a gate that can hold a
/// `perform` caller *after* it has taken its copy (as the real loop does when the awaiting task
/// is scheduled late, or blocks on the keeper's mutex behind a slow write).
final class GatedRunner: ControlLoopRunner, @unchecked Sendable {
    let session: Mutex<TherapySession>
    let now: Mutex<ClockReading>
    let gateArmed = Mutex(false)
    let gate = Mutex<CheckedContinuation<Void, Never>?>(nil)
    let held = Atomic<Bool>(false)

    let sessions: SessionPublisher

    init(session: TherapySession) {
        self.session = Mutex(session)
        now = Mutex(session.clock)
        sessions = SessionPublisher(SessionSnapshot(session: session, stepsMoved: 0, annunciation: nil))
    }

    func perform<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result {
        let reading = now.withLock { $0 }
        let result = session.withLock { body(&$0, reading) }
        sessions.publish(SessionSnapshot(session: session.withLock { $0 }, stepsMoved: 0, annunciation: nil))
        if gateArmed.withLock({ armed in defer { armed = false }; return armed }) {
            await withCheckedContinuation { continuation in
                gate.withLock { $0 = continuation }
                held.store(true, ordering: .releasing)
            }
        }
        return result
    }

    func performChange<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result? {
        await perform(body)
    }

    /// No control cycle behind this stand-in: nothing to retune.
    func performOnCycle<Result: Sendable>(_ body: @escaping @Sendable (ControlCycle, ClockReading) -> Result) async -> Result? { nil }

    func release() { gate.withLock { $0?.resume(); $0 = nil } }
    var snapshot: CycleSnapshot { CycleSnapshot() }
    var latenessSummary: LatenessSummary { LatenessSummary(wakes: 0, p50: 0, p99: 0, max: 0) }
    var heartbeat: Int64 { 0 }
    /// The snapshot never changes: nothing to announce.
    func observePublications(_ observer: PublicationObserver) {}
    func stop() -> TherapySession { session.withLock { $0 } }
}

@Suite struct ReviewFindingsServiceTests {
    let directory: String
    static let rig = ConfirmationTokens.StateFingerprint.sampleRig
    static let battery = StateKeeperTests.battery
    static let start = StateKeeperTests.start

    init() throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("review-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
    }

    /// The service on `runner` and `keeper`, a simulated rig's description and no roles.
    static func service(runner: GatedRunner, keeper: StateKeeper, log: @escaping @Sendable (String) -> Void = { _ in }) -> PumpService {
        PumpService(
            runner: runner, keeper: keeper,
            rig: .init(name: "t", profilePath: "t", simulated: true, clock: "virtual", timeScale: 1), simulatedRig: nil,
            policy: AccessPolicy(access: AccessProfile(programmers: [], operators: [], observers: []), daemonUID: getuid()), log: log)
    }

    func open(at reading: ClockReading) throws -> (keeper: StateKeeper, session: TherapySession, start: StateKeeper.Start) {
        try StateKeeper.open(
            directory: directory, everySteps: 100, interval: .seconds(60), rig: Self.rig, battery: Self.battery,
            fresh: {
                TherapySession(
                    rig: Self.rig,
                    fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: Self.start.wall, position: 0),
                    pathPrimed: true, battery: Self.battery, clock: Self.start)
            }, at: reading)
    }

    /// FINDING 1. The periodic checkpoint path copies the running session, then a clinician's Stop
    /// is applied, committed and acknowledged; the periodic path's older copy is written after it
    /// and becomes the newest checkpoint. No step moves while stopped, so no later checkpoint ever
    /// replaces it: after a crash or power cut the pump restarts delivery against the clinician's
    /// acknowledged stop.
    @Test func aClinicianStopAcknowledgedToTheClientSurvivesARestart() async throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        _ = session.takeEvents()
        #expect(session.mode == .running)
        let runner = GatedRunner(session: session)
        let service = Self.service(runner: runner, keeper: keeper)
        // The periodic checkpoint task takes its copy (running) and is then descheduled.
        runner.gateArmed.withLock { $0 = true }
        let periodic = Task { await service.persist(events: [], actor: nil) }
        while !runner.held.load(ordering: .acquiring) { await Task.yield() }
        // The clinician's Stop: applied on the loop, committed, acknowledged.
        let interface = PumpInterface(service: service)
        let caller = PumpInterface.Caller(actor: ChangeActor(uid: 0, pid: 1, role: "clinician"), role: .programmer)
        let (_, stopped) = try await interface.change(by: caller) { session, now in session.stop(at: now) }
        #expect(stopped.mode == .stopped(.clinician))
        // The periodic task resumes and writes its older copy.
        runner.release()
        _ = await periodic.value
        #expect(!keeper.checkpointDue(stepsMoved: 0), "stopped: no further checkpoint will replace it")
        keeper.database.close()

        // Power cut; restart one minute later.
        let reopened = try open(at: Self.start.advanced(by: .minutes(1)))
        #expect(reopened.session.mode == .stopped(.clinician), "the restore resumed delivery a clinician had stopped")
    }

    /// FINDING 2. The restore bounds what happened after the last checkpoint by the checkpoint
    /// interval; a checkpoint that cannot be written must therefore stop delivery (a critical
    /// alarm), or a later restore would bridge hours with that bound.
    @Test func aStateWriteThatFailsStopsDeliverySoARestoreNeverBridgesMoreThanACheckpointInterval() async throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        _ = session.takeEvents()
        let runner = GatedRunner(session: session)
        let logged = Mutex<[String]>([])
        let service = Self.service(runner: runner, keeper: keeper, log: { line in logged.withLock { $0.append(line) } })
        keeper.database.close()  // every write now fails
        let failure = await service.persist(events: [], actor: nil)
        #expect(failure?.name == "io.pumpd.Pump.StorageFailed")
        // The alarm is raised on the loop (asynchronously); wait for it, bounded.
        for _ in 0..<1000 where runner.session.withLock({ $0.mode }) == .running { try await Task.sleep(nanoseconds: 1_000_000) }
        let after = runner.session.withLock { $0 }
        #expect(after.mode == .stopped(.alarm))
        #expect(after.alarms.activeAlarms.map(\.kind) == [.storageFailure])
        #expect(logged.withLock { $0 }.contains { $0.contains("not durable") })
    }
}

extension ReviewFindingsServiceTests {
    /// A storage-failure alarm restored with its cause present (the checkpoint was saved while
    /// storage failed) is cleared by the first write that succeeds after the start: without it,
    /// acknowledged or not, the alarm stayed active and no Resume was ever allowed.
    @Test func aRestoredStorageAlarmWhoseCauseHeldIsClearedByTheFirstWriteThatSucceeds() async throws {
        var (keeper, session, _) = try open(at: Self.start)
        try session.commit(ConfirmationTokensTests.prescription(500), at: Self.start)
        session.raiseAlarm(.storageFailure, evidence: "write timed out", at: Self.start)
        _ = session.takeEvents()
        #expect(session.alarms.active[.storageFailure]?.causePresent == true)
        let runner = GatedRunner(session: session)
        let service = Self.service(runner: runner, keeper: keeper)
        let persistence = Task { await service.runPersistence() }
        defer { persistence.cancel() }
        // The probe runs at once; wait for the clear, bounded (10 s).
        for _ in 0..<1000 where runner.session.withLock({ $0.alarms.active[.storageFailure]?.causePresent }) == true {
            try await Task.sleep(nanoseconds: 10_000_000)
        }
        #expect(runner.session.withLock { $0.alarms.active[.storageFailure]?.causePresent } == false)
        try runner.session.withLock { session in try session.acknowledgeAlarm(.storageFailure, at: Self.start.advanced(by: .seconds(1))) }
        #expect(!runner.session.withLock { $0.alarms.blocksDelivery })
    }
}

/// FINDING 3 (restore side): past doses are placed by the certain part of the outage.
@Suite struct ReviewFindingsRestoreTests {
    static let rig = ConfirmationTokens.StateFingerprint.sampleRig
    static let start = StateKeeperTests.start

    static func prescription() -> Prescription {
        Prescription(
            drug: ConfirmationTokensTests.drug, basal: .continuous(.microgramsPerDay(500)),
            patientBolus: PatientBolusPolicy(dose: .micrograms(20), duration: .minutes(1), lockout: .hours(2), maximumPerDay: 3),
            limits: DoseLimits(maximumDailyDose: .micrograms(1000), maximumHourlyDose: .micrograms(100), maximumBolus: .micrograms(50)),
            lowReservoirAlarm: .millilitres(2))
    }

    /// FINDING 3. After a reboot the outage is the wall clock's word alone. A wall clock that is
    /// ahead at boot (RTC wrong, manual set) makes a 1-minute outage look like a day: the 24 h
    /// windows, the patient-bolus count and lockout, and the periodic phase all start empty.
    @Test func aWallClockAheadAfterARebootDoesNotEmptyTheDoseWindows() throws {
        var live = TherapySession(
            rig: Self.rig,
            fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: Self.start.wall, position: 0),
            pathPrimed: true, battery: StateKeeperTests.battery, clock: Self.start)
        try live.commit(Self.prescription(), at: Self.start)
        live.runSteps(until: Self.start.advanced(by: .hours(1)))
        try live.requestBolus(.patient, at: live.clock)
        live.runSteps(until: live.clock.advanced(by: .minutes(5)))
        let checkpoint = live.checkpoint()
        // Reboot: monotonic restarts at 20 s uptime; the wall clock says 25 h passed, truly 60 s did.
        let reading = ClockReading(monotonic: MonotonicInstant(nanoseconds: 20_000_000_000), wall: live.clock.wall + .hours(25))
        var restored = TherapySession.restoring(
            checkpoint, rig: Self.rig, battery: StateKeeperTests.battery, outage: .hours(25), outageAtLeast: .seconds(20),
            unrecordedStepsAtMost: 100, at: reading)
        #expect(throws: TherapyError.self, "a patient bolus 6 minutes after the last one (lockout 2 h)") {
            try restored.requestBolus(.patient, at: reading)
        }
    }
}

/// FINDING 4. A clean shutdown (systemctl restart, update) while priming a new path before therapy
/// restarts: `halt(.shutdown)` drops the priming task and its `thenRun`; the restore of
/// `.stoppedForShutdown` tries to start at once, the tip is still drug-free, and the pump stays
/// stopped with only a `deliveryNotStarted` event. A crash at the same instant primes the rest
/// and resumes (the `.primingThenRun` path).
@Suite struct ReviewFindingsShutdownTests {
    @Test func aCleanShutdownWhilePrimingBeforeTherapyResumesLikeACrashDoes() throws {
        let start = StateKeeperTests.start
        var live = TherapySession(
            rig: ConfirmationTokens.StateFingerprint.sampleRig,
            fill: ReservoirFill(volume: .millilitres(20), drug: ConfirmationTokensTests.drug, filledAt: start.wall, position: 0),
            pathPrimed: true, battery: StateKeeperTests.battery, clock: start)
        try live.commit(ReviewFindingsRestoreTests.prescription(), at: start)
        live.runSteps(until: start.advanced(by: .hours(1)))
        try live.prime(volume: nil, newPath: true, at: live.clock)
        live.runSteps(until: live.clock.advanced(by: .minutes(2)))
        #expect(live.mode == .priming(thenRun: true))
        var crash = live
        live.suspendForShutdown(at: live.clock)
        let later = live.clock.advanced(by: .seconds(5))
        let afterShutdown = TherapySession.restoring(
            live.checkpoint(), rig: ConfirmationTokens.StateFingerprint.sampleRig, battery: StateKeeperTests.battery, outage: .seconds(5),
            unrecordedStepsAtMost: 100, at: later)
        crash.tick(at: crash.clock)
        let afterCrash = TherapySession.restoring(
            crash.checkpoint(), rig: ConfirmationTokens.StateFingerprint.sampleRig, battery: StateKeeperTests.battery, outage: .seconds(5),
            unrecordedStepsAtMost: 100, at: later)
        #expect(afterCrash.mode == .priming(thenRun: true))
        #expect(afterShutdown.mode == .priming(thenRun: true) || afterShutdown.mode == .running, "left \(afterShutdown.mode) after a clean restart")
    }
}
