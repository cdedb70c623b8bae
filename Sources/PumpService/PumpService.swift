import Foundation
import PumpControl
public import PumpCore
import PumpProfile
public import PumpSimulation
public import PumpStorage
import Synchronization
public import Varlink

/// The running service: one therapy session on one rig, kept durable, reachable over Varlink.
///
/// It owns the control loop (through its runner), the state keeper, the event hub and the
/// confirmation tokens; the API interfaces hold a reference and call into it. Commands change the
/// session on the loop's thread, then are made durable, then answered.
public final class PumpService: Sendable {
    public struct RigDescription: Sendable {
        public var name: String
        public var profilePath: String
        public var simulated: Bool
        public var clock: String
        public var timeScale: Int64
        public init(name: String, profilePath: String, simulated: Bool, clock: String, timeScale: Int64) {
            self.name = name
            self.profilePath = profilePath
            self.simulated = simulated
            self.clock = clock
            self.timeScale = timeScale
        }
    }

    public let runner: any ControlLoopRunner
    public let keeper: StateKeeper
    public let rig: RigDescription
    public let simulatedRig: SimulatedRig?
    private let currentPolicy: Mutex<AccessPolicy>
    /// Who may do what; replaced by a reload (SIGHUP) without stopping delivery.
    public var policy: AccessPolicy {
        get { currentPolicy.withLock { $0 } }
        set { currentPolicy.withLock { $0 = newValue } }
    }
    let hub = EventHub()
    let tokens = ConfirmationTokens()
    /// Loop events waiting to be made durable, in order.
    private let pending: AsyncStream<[TherapyEvent]>.Continuation
    private let pendingStream: AsyncStream<[TherapyEvent]>
    private let log: @Sendable (String) -> Void
    /// Every event once it is durable: the journal (one structured entry each) or a log line.
    private let eventLogged: @Sendable (StoredEvent) -> Void
    /// Reports that are not in the event log (hourly totals): the journal or a log line.
    private let reported: @Sendable (ServiceEvent) -> Void
    private let storageHealthy = Atomic<Bool>(true)
    private let refusals = Mutex(RefusalAudit())
    private let revisions = Atomic<Int64>(0)

    /// A copy of the session to make durable, numbered in the order the loop made the copies.
    public struct SessionCopy: Sendable {
        public let session: TherapySession
        public let revision: Int64
    }

    /// Copies `session` for saving. Call only inside a `runner.perform` body, on the loop's thread:
    /// copies are then numbered in the order they were taken, so a slower writer holding an older
    /// copy never overwrites a newer checkpoint.
    func copyForSaving(_ session: TherapySession) -> SessionCopy {
        SessionCopy(session: session, revision: revisions.add(1, ordering: .relaxed).newValue)
    }

    public init(
        runner: any ControlLoopRunner, keeper: StateKeeper, rig: RigDescription, simulatedRig: SimulatedRig?, policy: AccessPolicy,
        log: @escaping @Sendable (String) -> Void, eventLogged: (@Sendable (StoredEvent) -> Void)? = nil,
        reported: (@Sendable (ServiceEvent) -> Void)? = nil
    ) {
        self.runner = runner
        self.keeper = keeper
        self.rig = rig
        self.simulatedRig = simulatedRig
        self.currentPolicy = Mutex(policy)
        self.log = log
        self.eventLogged = eventLogged ?? { event in
            let time = CivilTime(unixNanoseconds: event.wallNanoseconds, utcOffsetSeconds: event.utcOffsetSeconds)
            log("pumpd: \(time): \(event.summary)" + (event.actor.map { " [uid \($0.uid) pid \($0.pid) \($0.role)]" } ?? ""))
        }
        self.reported = reported ?? { event in log("pumpd: \(event.summary)") }
        (pendingStream, pending) = AsyncStream<[TherapyEvent]>.makeStream()
    }

    /// Where the control loop hands its events (any thread, never blocks).
    public func loopProduced(_ events: [TherapyEvent]) { pending.yield(events) }

    /// Makes loop events durable (with a checkpoint of the state they left) and publishes them,
    /// and checkpoints delivery every N steps or M seconds. Runs until cancelled.
    public func runPersistence() async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                for await events in pendingStream { await persist(events: events, actor: nil) }
            }
            group.addTask { [self] in
                while !Task.isCancelled {
                    try? await Task.sleep(nanoseconds: 100_000_000)
                    let snapshot = runner.snapshot
                    if keeper.checkpointDue(stepsMoved: snapshot.stepsMoved, wall: snapshot.wall) { await persist(events: [], actor: nil) }
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    /// Checkpoints the session as it is now, with `events`, and publishes them.
    @discardableResult
    public func persist(events: [TherapyEvent], actor: ChangeActor?) async -> VarlinkError? {
        let copy = await runner.perform { [self] session, _ in copyForSaving(session) }
        return commit(copy, events: events, actor: actor)
    }

    /// Writes `session` (copied on the loop thread after a change) and `events` in one transaction.
    func commit(
        _ copy: SessionCopy, events: [TherapyEvent], actor: ChangeActor?,
        extra: (borrowing StorageTransaction) throws -> Void = { _ in }
    ) -> VarlinkError? {
        do {
            let stored = try keeper.save(
                copy.session, revision: copy.revision, stepsMoved: runner.snapshot.stepsMoved, events: events, actor: actor, extra: extra)
            for event in stored { eventLogged(event) }
            for hour in keeper.takeClosedHours() { reported(.hourlyDelivery(hour)) }
            hub.publish(stored)
            if !storageHealthy.exchange(true, ordering: .acquiringAndReleasing) {
                log("pumpd: state database writable again")
                Task { await runner.perform { session, now in session.clearAlarmCause(.storageFailure, at: now) } }
            }
            return nil
        } catch {
            if storageHealthy.exchange(false, ordering: .acquiringAndReleasing) {
                log("pumpd: state not durable: \(error)")
                Task { await runner.perform { session, now in session.raiseAlarm(.storageFailure, evidence: "\(error)", at: now) } }
            }
            return PumpErrors.storageFailed("\(error)")
        }
    }

    /// Logs a change that is not a therapy event (a rig fault switched, simulated time advanced)
    /// in the event log and the daemon log, with who made it.
    func audit(kind: String, summary: String, detail: JSONObject, actor: ChangeActor, at time: CivilTime) {
        do {
            let stored = try keeper.database.write { transaction in
                let text = String(decoding: JSONValue.object(detail).serialized(), as: UTF8.self)
                let sequence = try transaction.appendEvent(
                    wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: kind, summary: summary,
                    detail: text, actor: actor)
                return StoredEvent(
                    sequence: sequence, wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: kind,
                    summary: summary, detail: text, actor: actor)
            }
            eventLogged(stored)
            hub.publish([stored])
        } catch {
            log("pumpd: could not log \(kind): \(error)")
        }
    }

    /// Audits a refused safety-relevant call (a change refused for the caller's role, a bolus the
    /// therapy core denied) in the event log as `callRefused`, with the caller and `reason`.
    /// Rate-limited (`RefusalAudit`): a flood of refusals writes a few records, and the next one
    /// written counts those left out.
    func auditRefusal(method: String, reason: String, actor: ChangeActor) async {
        guard case .write(let suppressed) = refusals.withLock({ $0.admit(at: StateKeeper.realNow()) }) else { return }
        var summary = "\(method) refused for uid \(actor.uid) pid \(actor.pid) (\(actor.role)): \(reason)"
        if suppressed > 0 { summary += "; \(suppressed) more refusals suppressed before this one" }
        let detail: JSONObject = [
            "method": .string(method), "reason": .string(reason), "suppressedBefore": .integer(Int64(suppressed)),
        ]
        await audit(kind: "callRefused", summary: summary, detail: detail, actor: actor, at: runner.snapshot.wall ?? Self.systemWall())
    }

    /// The system's wall clock (UTC), for records made before the loop has read its clock.
    static func systemWall() -> CivilTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return CivilTime(unixNanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// Applies a reload `ProfileReload.judge` allowed, without stopping delivery: the loop's
    /// thresholds (on its thread, between two wakes) and the access roles, then one audit record
    /// per changed setting (kind `settingsReloaded`, by `actor`, who sent the signal) in one
    /// transaction. When this returns, the change is in force and on disk; when it throws, nothing
    /// changed (thresholds and roles put back if the records could not be written).
    public func applyReload(_ plan: ProfileReload.Plan, actor: ChangeActor) async throws(ReloadError) {
        guard !plan.changes.isEmpty else { return }
        let previousPolicy = policy
        let applied: (previous: SensorThresholds?, now: ClockReading)? = await runner.performOnCycle { [thresholds = plan.thresholds] cycle, now in
            (thresholds.map { cycle.retune($0) }, now)
        }
        guard let applied else { throw .loopStopped }
        if let access = plan.access { policy = AccessPolicy(access: access, daemonUID: previousPolicy.daemonUID) }
        let events = plan.changes.map { ServiceEvent.settingsReloaded($0, profile: plan.profile.file) }
        let time = applied.now.wall
        do {
            let stored = try keeper.database.write { transaction in
                try events.map { event in
                    let detail = String(decoding: JSONValue.object(event.detail).serialized(), as: UTF8.self)
                    let sequence = try transaction.appendEvent(
                        wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: event.recordKind,
                        summary: event.summary, detail: detail, actor: actor)
                    return StoredEvent(
                        sequence: sequence, wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds,
                        kind: event.recordKind, summary: event.summary, detail: detail, actor: actor)
                }
            }
            for event in stored { eventLogged(event) }
            hub.publish(stored)
        } catch {
            if let previous = applied.previous { _ = await runner.performOnCycle { cycle, _ in cycle.retune(previous) } }
            policy = previousPolicy
            throw .notRecorded(reason: "\(error)")
        }
    }

    /// Reports a daemon event that is not kept in the event log (start, stop): to the journal,
    /// or as a log line where there is none.
    public func report(_ event: ServiceEvent) { reported(event) }

    /// Stops delivery and disables the motor; the loop's last events are still made durable by
    /// `runPersistence`, which then ends. Returns the session as the loop left it.
    public func shutdown() -> TherapySession {
        let session = runner.stop()
        pending.finish()
        return session
    }

    /// Writes the final checkpoint (after `runPersistence` has ended).
    public func finalCheckpoint(_ session: TherapySession) {
        _ = commit(SessionCopy(session: session, revision: .max), events: [], actor: .daemon)
    }
}
