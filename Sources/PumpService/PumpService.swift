import Glibc
import PumpControl
public import PumpCore
import PumpWire
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
    /// The simulated rig's `AdvanceTime` calls under way: the final checkpoint records those its
    /// stop cut short.
    public let advances = AdvancesUnderWay()
    /// Loop events waiting to be made durable, in order.
    private let pending: AsyncStream<[TherapyEvent]>.Continuation
    private let pendingStream: AsyncStream<[TherapyEvent]>
    private let log: @Sendable (String) -> Void
    /// Every event once it is durable: the journal (one structured entry each) or a log line.
    private let eventLogged: @Sendable (StoredEvent) -> Void
    /// Reports that are not in the event log (hourly totals): the journal or a log line.
    private let reported: @Sendable (ServiceEvent) -> Void
    private let storageHealthy = Atomic<Bool>(true)
    /// Wakes the checkpoint task: the loop moved far enough, or storage failed (its probes start at once).
    private let checkpointWake = CheckpointWake()
    private let refusals = Mutex(RefusalAudit())
    private let revisions = Atomic<Int64>(0)
    /// Every state write runs here, off the Swift concurrency threads.
    public let writer = StorageWriter()
    /// How long a state write may take before storage counts as failed (the profile's
    /// `[checkpoint] write_timeout_ms`).
    public let writeTimeout: TimeSpan
    /// Raises and clears of the storage-failure alarm, applied on the loop in the order made.
    private let storageAlarm: AsyncStream<StorageAlarmChange>.Continuation
    enum StorageAlarmChange: Sendable {
        case raised(String)
        case causeCleared
    }
    /// Changes in force whose write failed, oldest first: written before anything newer.
    private let unrecorded = Mutex<[UnrecordedChange]>([])
    /// Who started each alarm test (TestAlarms) not yet recorded, by `SelfCheckReport.alarmTestNumber`:
    /// the loop ends the test and makes its event later, which is then audited with the caller
    /// who started that test, whoever has called since.
    let alarmTestActors = Mutex<[Int: ChangeActor]>([:])

    struct UnrecordedChange: Sendable {
        var events: [TherapyEvent]
        var actor: ChangeActor?
        var extra: @Sendable (borrowing StorageTransaction) throws -> Void
        /// Whether `extra` writes records of its own (a program, a fill, a calibration).
        var hasRecords: Bool
        /// Audit records kept with it (written after its events).
        var audits: [AuditRecord] = []
    }

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
        writeTimeout: TimeSpan = .seconds(3), log: @escaping @Sendable (String) -> Void, eventLogged: (@Sendable (StoredEvent) -> Void)? = nil,
        reported: (@Sendable (ServiceEvent) -> Void)? = nil
    ) {
        self.runner = runner
        self.keeper = keeper
        self.rig = rig
        self.simulatedRig = simulatedRig
        self.writeTimeout = writeTimeout
        self.currentPolicy = Mutex(policy)
        self.log = log
        self.eventLogged = eventLogged ?? { event in
            let time = CivilTime(unixNanoseconds: event.wallNanoseconds, utcOffsetSeconds: event.utcOffsetSeconds)
            log("pumpd: \(time): \(event.summary)" + (event.actor.map { " [uid \($0.uid) pid \($0.pid) \($0.role)]" } ?? ""))
        }
        self.reported = reported ?? { event in log("pumpd: \(event.summary)") }
        (pendingStream, pending) = AsyncStream<[TherapyEvent]>.makeStream()
        let (alarmStream, alarm) = AsyncStream<StorageAlarmChange>.makeStream()
        storageAlarm = alarm
        // One task, in order: a clear can never overtake the raise after it.
        Task { [runner] in
            for await change in alarmStream {
                await runner.perform { session, now in
                    switch change {
                    case .raised(let reason): session.raiseAlarm(.storageFailure, evidence: reason, at: now)
                    case .causeCleared: session.clearAlarmCause(.storageFailure, at: now)
                    }
                }
            }
        }
    }

    /// Where the control loop hands its events (any thread, never blocks).
    public func loopProduced(_ events: [TherapyEvent]) { pending.yield(events) }

    /// Makes loop events durable (with a checkpoint of the state they left) and publishes them,
    /// checkpoints delivery every N steps or M seconds, and watches storage. Runs until cancelled.
    public func runPersistence() async {
        // A storage-failure alarm restored live with its cause (saved while storage was failing):
        // only a write that succeeds clears that cause, and none is tried while storage counts as
        // healthy. Counted as failed, the probes below find out at once whether storage works now,
        // and the first write that succeeds clears it, as had the daemon stayed up; without them
        // it would never clear, and no clinician could resume delivery.
        // Read from the published session (no wake of the loop), or from the loop itself before
        // its first publication.
        let failing: @Sendable (TherapySession) -> Bool = { $0.alarms.active[.storageFailure]?.causePresent == true }
        let restoredFailing: Bool
        if let published = runner.sessions.read({ failing($0.session) }) {
            restoredFailing = published
        } else {
            restoredFailing = await runner.perform { session, _ in failing(session) }
        }
        if restoredFailing {
            log("pumpd: the storage-failure alarm restored with its cause present (saved while storage failed): "
                + "probing storage until a write succeeds")
            storageHealthy.store(false, ordering: .releasing)
        }
        await withTaskGroup(of: Void.self) { group in
            group.addTask { [self] in
                for await events in pendingStream { await persistLoopEvents(events) }
            }
            // The watchdog never waits for the writer: a hung write must not silence it. It sleeps
            // until its next check is due (`StorageWatchdog.nextCheck`) or a write is handed to
            // the idle writer, never polling; the state files are checked when inotify sees a
            // name change, else every second.
            group.addTask { [self] in
                let watch = keeper.database.watchFiles { [self] in checkFiles() }
                defer { watch?.cancel() }
                if watch == nil { log("pumpd: cannot watch the state files (inotify): checking them every second instead") }
                var watchdog = StorageWatchdog(
                    writeTimeout: writeTimeout,
                    fileCheckEvery: watch == nil ? StorageWatchdog.fileCheckInterval : StorageWatchdog.watchedFileCheckInterval)
                while !Task.isCancelled {
                    let now = StateKeeper.realNow()
                    switch watchdog.check(writer: writer, now: now) {
                    case .failed(let reason): storageFailed(reason)
                    case .busy: break
                    case .checkFiles:
                        checkFiles()
                        restoreReserveIfNeeded()
                    case .foldLog:
                        onWriter { [keeper] () throws(StorageError) in _ = try keeper.database.foldLog() }
                        restoreReserveIfNeeded()
                    case .idle: restoreReserveIfNeeded()
                    }
                    let due = watchdog.nextCheck(oldestWrite: writer.oldestHandover, reserveMissing: keeper.database.needsReserve, now: now)
                    await writer.handedToIdle.sleep(until: due)
                }
            }
            // Checkpoints wake on the loop's publications that can make one due (the step that
            // completes `everySteps`, a new hour, priming) and on the time-based deadline, never to poll.
            let wake = checkpointWake
            runner.observePublications(wake.observer)
            group.addTask { [self] in
                var probes = StorageWatchdog(writeTimeout: writeTimeout)
                while !Task.isCancelled {
                    let snapshot = runner.snapshot
                    // While storage is failed, a checkpoint every second finds out when it works
                    // again (and writes what waits unrecorded) even with the pump stopped.
                    let failed = !storageHealthy.load(ordering: .relaxed)
                    let probe = failed && probes.probeDue(now: StateKeeper.realNow())
                    let verdict = keeper.checkpointDueUnlessSaving(
                        stepsMoved: snapshot.stepsMoved, wall: snapshot.wall, priming: Self.isPriming(snapshot.mode))
                    if probe || verdict == true {
                        await persist(events: [], actor: nil)
                    }
                    let now = StateKeeper.realNow()
                    var due = keeper.nextTimedCheckpoint(stepsMoved: snapshot.stepsMoved, now: now)
                    // Unknown while a change's save held the lock: the wake that announced a new
                    // hour is spent, so ask again once that save is likely done.
                    if verdict == nil { due = min(due, now + StorageWatchdog.minimumSpacing) }
                    if failed { due = min(due, probes.nextProbe(now: now)) }
                    wake.wake(atSteps: keeper.stepsToWakeAt(stepsMoved: snapshot.stepsMoved))
                    await wake.bell.sleep(until: max(due, now + StorageWatchdog.minimumSpacing))
                }
            }
            await group.next()
            group.cancelAll()
        }
    }

    static func isPriming(_ mode: DeliveryMode) -> Bool { if case .priming = mode { true } else { false } }

    /// Checks on the writer (after any write handed over before, so none is half done) that the
    /// state files are the ones opened; any finding is a storage failure.
    private func checkFiles() {
        onWriter { [self] () throws(StorageError) in
            let findings = keeper.database.checkFilesInPlace()
            if !findings.isEmpty { storageFailed(findings.joined(separator: "; ")) }
        }
    }

    /// Remakes pumpd's space reserve on the writer when it is missing (given up on a full disk, or
    /// not made yet).
    private func restoreReserveIfNeeded() {
        if keeper.database.needsReserve { onWriter { [keeper] () throws(StorageError) in try keeper.database.restoreReserve() } }
    }

    /// Hands `work` to the writer without waiting for it.
    private func onWriter(_ work: @escaping @Sendable () throws(StorageError) -> Void) {
        writer.submit(work)
    }

    /// The loop's events, in order, by nobody, except an alarm test's: by the clinician who
    /// started it (`alarmTestActors`).
    func persistLoopEvents(_ events: [TherapyEvent]) async {
        var rest = events[...]
        while let index = rest.firstIndex(where: { if case .alarmTest = $0.kind { true } else { false } }) {
            if index > rest.startIndex { await persist(events: Array(rest[..<index]), actor: nil) }
            let number = if case .alarmTest(let report) = rest[index].kind { report.alarmTestNumber } else { Int?.none }
            await persist(events: [rest[index]], actor: number.flatMap { n in alarmTestActors.withLock { $0.removeValue(forKey: n) } })
            rest = rest[(index + 1)...]
            if rest.isEmpty { return }
        }
        await persist(events: Array(rest), actor: nil)
    }

    /// Checkpoints the session as it is now, with `events`, and publishes them.
    @discardableResult
    public func persist(events: [TherapyEvent], actor: ChangeActor?) async -> VarlinkError? {
        let copy = await runner.perform { [self] session, _ in copyForSaving(session) }
        return await commit(copy, events: events, actor: actor)
    }

    /// Writes `session` (copied on the loop thread after a change) and `events` in one transaction,
    /// on the storage writer's thread, after any records an earlier failed write left unrecorded.
    ///
    /// A failed write raises the critical storage-failure alarm (delivery stops) and keeps its
    /// records: the change is in force on the pump, so its events and `extra` records are written,
    /// before anything newer, by the first write that succeeds; no later checkpoint can make the
    /// change durable without them.
    func commit(
        _ copy: SessionCopy, events: [TherapyEvent], actor: ChangeActor?,
        extra: (@Sendable (borrowing StorageTransaction) throws -> Void)? = nil
    ) async -> VarlinkError? {
        let change = UnrecordedChange(events: events, actor: actor, extra: extra ?? { _ in }, hasRecords: extra != nil)
        let finished = Atomic<Bool>(false)
        let writing = Task<VarlinkError?, Never> { [self] in
            do throws(StorageError) {
                let stored = try await writer.run { [self] () throws(StorageError) -> [StoredEvent] in
                    defer { finished.store(true, ordering: .releasing) }
                    do throws(StorageError) {
                        return try write(copy, change)
                    } catch {
                        // Queued here, on the writer, so no later write can checkpoint the change
                        // before its records are first in line. A write that committed but could
                        // not be sealed is not queued: its records are in the database.
                        if case .sealNotWritten = error {} else if !change.events.isEmpty || change.hasRecords {
                            unrecorded.withLock { $0.append(change) }
                        }
                        throw error
                    }
                }
                published(stored)
                return nil
            } catch {
                return failed(error)
            }
        }
        // A reply within the write bound, even when storage hangs: the watchdog raises the alarm
        // at the same bound, and the write, when it ends, is published or kept as above.
        if let outcome = await WriteDeadline.value(
            of: writing, within: writeTimeout + .milliseconds(500), finished: { finished.load(ordering: .acquiring) })
        {
            return outcome
        }
        storageFailed("a state write did not complete within \(writeTimeout.nanoseconds / 1_000_000) ms ([checkpoint] write_timeout_ms)")
        return PumpErrors.storageFailed(
            "the state write did not complete within \(writeTimeout.nanoseconds / 1_000_000) ms ([checkpoint] write_timeout_ms). "
                + "The change is in force on the pump but not confirmed durable: the critical storage-failure alarm has stopped "
                + "delivery, and the change is recorded when the write completes.")
    }

    /// The write itself, on the writer's thread: the unrecorded changes, then this one with the
    /// checkpoint. On a full file system it gives up pumpd's space reserve and tries once more, so
    /// the storage-failure alarm and the stop it causes still reach the event log.
    private func write(_ copy: SessionCopy, _ change: UnrecordedChange) throws(StorageError) -> [StoredEvent] {
        do {
            return try writeNow(copy, change)
        } catch .storageFull(let path) {
            guard keeper.database.releaseReserve() else { throw .storageFull(path: path) }
            // What the reserve frees records this change and the alarm; delivery stops until a
            // clinician resumes on a disk with room again.
            storageFailed("the file system holding \(path) is full; pumpd gave up its space reserve to record this")
            return try writeNow(copy, change)
        }
    }

    private func writeNow(_ copy: SessionCopy, _ change: UnrecordedChange) throws(StorageError) -> [StoredEvent] {
        var stored = try writeUnrecorded()
        stored += try keeper.save(
            copy.session, revision: copy.revision, stepsMoved: runner.snapshot.stepsMoved, events: change.events, actor: change.actor,
            extra: change.extra)
        return stored
    }

    /// Writes the records of changes whose own write failed, oldest first, in one transaction.
    private func writeUnrecorded() throws(StorageError) -> [StoredEvent] {
        let waiting = unrecorded.withLock { $0 }
        guard !waiting.isEmpty else { return [] }
        let stored: [StoredEvent]
        do throws(StorageError) {
            stored = try keeper.database.write { transaction in
                var stored: [StoredEvent] = []
                for change in waiting {
                    for event in change.events { stored.append(try StateKeeper.append(event, actor: change.actor, to: transaction)) }
                    try change.extra(transaction)
                    for record in change.audits { stored.append(try record.append(to: transaction)) }
                }
                return stored
            }
        } catch {
            // Committed but not sealed: written all the same, never to be written twice.
            if case .sealNotWritten = error { unrecorded.withLock { $0.removeFirst(waiting.count) } }
            throw error
        }
        unrecorded.withLock { $0.removeFirst(waiting.count) }
        log("pumpd: \(waiting.count) change(s) left unrecorded by a failed write are now in the event log")
        return stored
    }

    private func published(_ stored: [StoredEvent]) {
        for event in stored { eventLogged(event) }
        for hour in keeper.takeClosedHours() { reported(.hourlyDelivery(hour)) }
        hub.publish(stored)
        // Running on the space reserve means the disk is full: not healthy yet.
        if keeper.database.needsReserve && !storageHealthy.load(ordering: .acquiring) { return }
        if !storageHealthy.exchange(true, ordering: .acquiringAndReleasing) {
            log("pumpd: state database writable again")
            storageAlarm.yield(.causeCleared)
        }
    }

    private func failed(_ error: StorageError) -> VarlinkError {
        storageFailed("\(error)")
        if case .sealNotWritten = error {
            return PumpErrors.storageFailed(
                "\(error) The change is in force and in the database, but storage is failing: the critical storage-failure "
                    + "alarm has stopped delivery.")
        }
        return PumpErrors.storageFailed(
            "\(error) The change is in force on the pump but not durable: the critical storage-failure alarm has stopped "
                + "delivery, and the change is written to the event log by the first write that succeeds.")
    }

    /// Raises the critical storage-failure alarm (delivery stops) once, until a write succeeds again.
    func storageFailed(_ reason: String) {
        guard storageHealthy.exchange(false, ordering: .acquiringAndReleasing) else { return }
        log("pumpd: state not durable: \(reason)")
        storageAlarm.yield(.raised(reason))
        checkpointWake.bell.ring()
    }

    /// What became of an audit record's write.
    enum AuditOutcome: Sendable {
        /// In the event log.
        case written
        /// Committed but not sealed: in the event log all the same (and the storage alarm raised).
        case committedNotSealed
        /// Not written (a failure is logged).
        case failed
    }

    /// Logs a change that is not a therapy event (a rig fault switched, simulated time advanced)
    /// in the event log and the daemon log, with who made it.
    @discardableResult
    func audit(kind: WireEventKind, summary: String, detail: JSONObject, actor: ChangeActor, at time: CivilTime) async -> AuditOutcome {
        let record = AuditRecord(kind: kind, summary: summary, detail: detail, actor: actor, at: time)
        do {
            let stored = try await writer.run { [keeper] () throws(StorageError) -> StoredEvent in
                try keeper.database.write { transaction in try record.append(to: transaction) }
            }
            eventLogged(stored)
            hub.publish([stored])
            return .written
        } catch {
            log("pumpd: could not log \(kind): \(error)")
            if case .sealNotWritten = error { return .committedNotSealed }
            return .failed
        }
    }

    /// `audit` on the writer after the records failed writes left waiting, or when the write
    /// fails, the record kept after them for the first write that succeeds (as a change's records
    /// are kept): never lost, never ahead of an older record.
    func auditOrKeep(kind: WireEventKind, summary: String, detail: JSONObject, actor: ChangeActor, at time: CivilTime) async {
        let record = AuditRecord(kind: kind, summary: summary, detail: detail, actor: actor, at: time)
        let keep = UnrecordedChange(events: [], actor: actor, extra: { _ in }, hasRecords: true, audits: [record])
        do {
            let stored = try await writer.run { [self] () throws(StorageError) -> [StoredEvent] in
                let waiting: [StoredEvent]
                do throws(StorageError) {
                    waiting = try writeUnrecorded()
                } catch {
                    unrecorded.withLock { $0.append(keep) }
                    throw error
                }
                do throws(StorageError) {
                    let written = try keeper.database.write { transaction throws(StorageError) in try record.append(to: transaction) }
                    return waiting + [written]
                } catch {
                    // Committed but not sealed: written all the same, never to be written twice.
                    if case .sealNotWritten = error {} else { unrecorded.withLock { $0.append(keep) } }
                    throw error
                }
            }
            for event in stored { eventLogged(event) }
            hub.publish(stored)
        } catch {
            log("pumpd: could not log \(kind) (kept for the next write that succeeds): \(error)")
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
        await audit(kind: .callRefused, summary: summary, detail: detail, actor: actor, at: runner.snapshot.wall ?? Self.systemWall())
    }

    /// The system's wall clock (UTC), for records made before the loop has read its clock.
    static func systemWall() -> CivilTime {
        var ts = timespec()
        clock_gettime(CLOCK_REALTIME, &ts)
        return CivilTime(unixNanoseconds: Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec))
    }

    /// Applies a reload `ProfileReload.judge` allowed, without stopping delivery: the loop's
    /// thresholds and the session's drug library and policy (on its thread, between two wakes) and
    /// the access roles, then one audit record
    /// per changed setting (kind `settingsReloaded`, by `actor`: who sent the signal or called
    /// Reload, or the requester a root caller named; `detail` adds fields such as the relay) in one
    /// transaction. When this returns, the change is in force and on disk; when it throws, nothing
    /// changed (thresholds, library, policy and roles put back if the records could not be written).
    public func applyReload(_ plan: ProfileReload.Plan, actor: ChangeActor, detail extra: JSONObject = [:]) async throws(ReloadError) {
        guard !plan.changes.isEmpty else { return }
        let previousPolicy = policy
        let applied: (previous: SensorThresholds?, programming: ProfileReload.Programming?, now: ClockReading)? =
            await runner.performOnCycle { [thresholds = plan.thresholds, programming = plan.programming] cycle, now in
                let replaced = programming.map { cycle.configureTherapy(library: $0.library, policy: $0.policy) }
                return (thresholds.map { cycle.retune($0) }, replaced.map { ProfileReload.Programming(library: $0.library, policy: $0.policy) }, now)
            }
        guard let applied else { throw .loopStopped }
        if let access = plan.access { policy = AccessPolicy(access: access, daemonUID: previousPolicy.daemonUID) }
        let events = plan.changes.map { change in
            change.setting == "programming.drug_library"
                ? ServiceEvent.drugLibraryReloaded(change, library: plan.profile.drugLibrary, profile: plan.profile.file)
                : ServiceEvent.settingsReloaded(change, profile: plan.profile.file)
        }
        let time = applied.now.wall
        do {
            let stored = try await writer.run { [keeper] () throws(StorageError) -> [StoredEvent] in try keeper.database.write { transaction in
                try events.map { event in
                    var fields = event.detail
                    for (key, value) in extra.members where !fields.contains(key) { fields[key] = value }
                    let detail = String(decoding: JSONValue.object(fields).serialized(), as: UTF8.self)
                    let sequence = try transaction.appendEvent(
                        wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: event.recordKind.rawValue,
                        summary: event.summary, detail: detail, actor: actor)
                    return StoredEvent(
                        sequence: sequence, wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds,
                        kind: event.recordKind.rawValue, summary: event.summary, detail: detail, actor: actor)
                }
            } }
            for event in stored { eventLogged(event) }
            hub.publish(stored)
        } catch {
            let (thresholds, programming) = (applied.previous, applied.programming)
            if thresholds != nil || programming != nil {
                _ = await runner.performOnCycle { cycle, _ in
                    if let thresholds { cycle.retune(thresholds) }
                    if let programming { cycle.configureTherapy(library: programming.library, policy: programming.policy) }
                }
            }
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
        storageAlarm.finish()
        return session
    }

    /// Writes the final checkpoint (after `runPersistence` has ended), with any records a failed
    /// write left unrecorded, folds the write-ahead log into the main file and closes the
    /// database. Blocks the caller (the daemon's main thread). Returns the error when the final
    /// state is not durable. `beforeReleasingTheState` runs after the write, whether or not it
    /// succeeded, while the database's lock is still held (after a failed write that lock goes
    /// when the caller lets the service go, or with the process).
    public func finalCheckpoint(_ session: TherapySession, beforeReleasingTheState: () -> Void = {}) -> StorageError? {
        let copy = SessionCopy(session: session, revision: .max)
        // The advances the stop cut short, recorded with the state that shows where the clock stopped.
        let time = session.clock.wall
        let cutShort = advances.takeOpen().map { advance in
            let (summary, detail) = AdvancesUnderWay.cutShortRecord(advance, cause: .stop)
            return AuditRecord(kind: .rigTimeAdvanceCutShort, summary: summary, detail: detail, actor: advance.actor, at: time)
        }
        // The last attempt's records: a write retried (a full disk's reserve given up) runs `extra` again.
        let recorded = Mutex<[StoredEvent]>([])
        let change = UnrecordedChange(
            events: [], actor: .daemon,
            extra: { transaction in
                recorded.withLock { $0 = [] }
                for record in cutShort {
                    let stored = try record.append(to: transaction)
                    recorded.withLock { $0.append(stored) }
                }
            }, hasRecords: !cutShort.isEmpty)
        do {
            let stored = try writer.runBlocking { () throws(StorageError) -> [StoredEvent] in try write(copy, change) }
            for event in stored + recorded.withLock({ $0 }) { eventLogged(event) }
        } catch {
            // Which of the records reached the event log is not known here (a write that committed
            // but was not sealed counts as failed): each is said here, where the stop's log goes.
            let waiting = unrecorded.withLock { $0 }.flatMap(\.audits)
            for record in waiting + cutShort {
                log("pumpd: perhaps not in the event log (the final checkpoint failed: \(error)): \(record.summary)")
            }
            beforeReleasingTheState()
            return error
        }
        beforeReleasingTheState()
        keeper.database.close()
        return nil
    }
}
