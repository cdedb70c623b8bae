#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Glibc
public import PumpCore
public import PumpStorage
import Synchronization
import Varlink

/// Keeps the therapy state durable: opens (or creates) the state database, restores the session a
/// previous run left, and writes checkpoints, event-log entries, alarm history and hourly delivery.
///
/// Every write is one SQLite transaction with synchronous=FULL: when a method returns, its change
/// survives a power cut. Callers: the service's tasks, one write at a time (a mutex orders them).
public final class StateKeeper: Sendable {
    public let database: PumpDatabase
    /// Checkpoint at least every `everySteps` steps or `interval` of time, whichever comes first.
    public let everySteps: Int64
    public let interval: TimeSpan
    let bootID: String
    let progress: Mutex<CheckpointProgress>

    /// The session's hourly bookings the history holds (read by `delivered(inHoursFrom:to:of:)`
    /// without waiting for a save).
    private let savedHours = Mutex(SavedHours())

    /// The last history read `delivered` made: reused while no save has ended since (saves alone
    /// write the history), so a status does not read SQLite on every call.
    private let lastHistoryRead = Mutex<HistoryRead?>(nil)

    struct HistoryRead {
        var from: Int64, to: Int64
        /// `SavedHours.ended` when it was read.
        var savesEnded: Int64
        var volumeNanolitres: Int64, massNanograms: Int64, hours: Int
        var checkpointGeneration: Int64

        init(from: Int64, to: Int64, savesEnded: Int64, rows: [HourlyDelivery], checkpointGeneration: Int64) {
            self.from = from
            self.to = to
            self.savesEnded = savesEnded
            volumeNanolitres = rows.reduce(0) { $0 + $1.volumeNanolitres }
            massNanograms = rows.reduce(0) { $0 + $1.massNanograms }
            hours = rows.count
            self.checkpointGeneration = checkpointGeneration
        }
    }

    struct CheckpointProgress {
        var savedAt: ClockReading
        var stepsMoved: Int64
        var realTime: Int64
        /// The revision of the session copy last checkpointed.
        var revision: Int64 = 0
        /// The start of the hour the last checkpoint was saved in: a save in a later hour is due.
        var openHour: Int64
        /// How many of the session's closed hours (`HourClosing.closedCount`) have been reported.
        var reportedHours: Int64 = 0
    }

    /// Completed hours not yet taken by `takeClosedHours`, oldest first. Apart from `progress`,
    /// which a save holds for as long as its write takes: taking them never waits for a write.
    private let closedHours = Mutex<[HourlyDeliveryReport]>([])

    /// What `open` found.
    public enum Start: Sendable {
        case fresh
        case restored(outage: TimeSpan, from: TherapyCheckpoint)
    }

    /// `lastSaveWall`: the wall time of the checkpoint a restore started from (its hour is still
    /// open: the previous run's partial hour is continued and reported once), or nil for now.
    private init(
        database: PumpDatabase, everySteps: Int64, interval: TimeSpan, bootID: String, session: TherapySession, lastSaveWall: Int64? = nil
    ) {
        self.database = database
        self.everySteps = everySteps
        self.interval = interval
        self.bootID = bootID
        progress = Mutex(CheckpointProgress(
            savedAt: session.clock, stepsMoved: 0, realTime: Self.realNow(),
            openHour: HourClosing.hourStart(of: lastSaveWall ?? session.clock.wall.unixNanoseconds)))
    }

    /// Opens the state in `directory` and returns the session to run: the one a previous run
    /// checkpointed, carried across the outage (see `TherapySession.restoring`), or `fresh` for a
    /// new database. Never starts empty over existing state: a damaged or unreadable database, or
    /// a checkpoint that cannot be decoded, is an error.
    ///
    /// `timeScale`: how much faster than real time the session's clock runs (an accelerated
    /// simulated rig), so the checkpoint interval, measured in real time, bounds what a restore
    /// counts as unrecorded in the session's time. `policy`: the profile's, so a left-stopped
    /// reminder due across the outage is judged by it while the session is restored.
    /// `checkedAhead`: the database's checks, begun ahead by the caller (`DatabaseCheckAhead`).
    /// `readingTodayAhead`: false leaves `readTodayAhead(of:)` to the caller, to run on another
    /// thread beside the rest of its start (before it serves anything). `openingJournal`: opens
    /// the step journal (`CommandedPositionJournal`) of the database at the path it is given and
    /// gives its note, in place of `journal`; called once the database is open, so only while
    /// this process holds the state's lock (a pumpd refused on it never reads or rewrites the
    /// journal) and for the database file opened (`stateIdentity(ofDatabase:)`).
    /// `releasingJournal`: gives the journal up again when the restore is refused after
    /// `openingJournal` ran, before the state's lock goes.
    public static func open(
        directory: String, everySteps: Int64, interval: TimeSpan, rig: RigConfiguration, battery: BatteryThresholds,
        fresh: () -> TherapySession, at reading: ClockReading, bootID: String = currentBootID(), timeScale: Int64 = 1,
        journal: CommandedPositionJournal.Note? = nil, writeTimeout: TimeSpan = .seconds(3),
        acceptingRestoredState: Bool = false, policy: TherapyPolicy = TherapyPolicy(), runsUnsaved: UnsavedRun? = nil,
        checkedAhead: DatabaseCheckAhead? = nil, readingTodayAhead: Bool = true,
        openingJournal: ((_ databasePath: String) -> CommandedPositionJournal.Note?)? = nil,
        releasingJournal: (() -> Void)? = nil
    ) throws(ServiceError) -> (keeper: StateKeeper, session: TherapySession, start: Start) {
        let database: PumpDatabase
        var decodedAhead: DecodedCheckpoint?
        do {
            // While the checks run, the newest checkpoint they found is decoded (the decoding is
            // the restore's; used only if the opened database holds that very checkpoint).
            let checked = if let checkedAhead {
                try checkedAhead.checked { newestFirst in DecodedCheckpoint(newestFirst[0]) }
            } else { (database: CheckedDatabase?.none, early: DecodedCheckpoint?.none) }
            decodedAhead = checked.early
            database = try PumpDatabase.open(
                directory: directory, acceptingRestoredState: acceptingRestoredState, checked: checked.database,
                acceptable: { restorable in refusalToAccept(restorable) })
        } catch { throw .storage(error) }
        let journal = if let openingJournal { openingJournal(database.path) } else { journal }
        var opened: (keeper: StateKeeper, session: TherapySession, start: Start)
        do {
            opened = try restore(
                database, everySteps: everySteps, interval: interval, rig: rig, battery: battery, fresh: fresh, at: reading,
                bootID: bootID, timeScale: timeScale, journal: journal, writeTimeout: writeTimeout, policy: policy,
                runsUnsaved: runsUnsaved, decodedAhead: decodedAhead)
        } catch {
            // A refused restore: the journal goes while the database (and its lock) is still held.
            releasingJournal?()
            withExtendedLifetime(database) {}
            throw error
        }
        if !database.restoredDespite.isEmpty {
            // Accepted by hand: never resumed as if it were the last acknowledged state.
            // For review, not a lasting cause: acknowledged, it clears and a clinician may resume.
            opened.session.raiseReviewAlarm(
                .storageFailure, evidence: "started from state that is not the last acknowledged: "
                    + database.restoredDespite.joined(separator: "; "), at: reading)
        }
        if readingTodayAhead { opened.keeper.readTodayAhead(of: opened.session) }
        return opened
    }

    /// Why a database accepted by hand cannot be restored, asked before its acceptance writes
    /// anything (the restore would refuse it then, after the seal was rewritten over the
    /// evidence): its newest intact checkpoint cannot be read, or none is intact although events
    /// are logged. Nil when it can be restored.
    static func refusalToAccept(_ restorable: RestorableState) -> String? {
        guard let newest = restorable.newestFirst.first else {
            return restorable.holdsEvents ? "no intact therapy checkpoint remains although events are logged." : nil
        }
        do {
            _ = try DecodedCheckpoint.decode(newest)
            return nil
        } catch {
            return "its newest therapy checkpoint (saved \(CivilTime(unixNanoseconds: newest.savedAtWallNanoseconds))) cannot be "
                + "read by this build (\(error)), and pumpd never resumes from an older one. Run a build that reads it, "
                + "or move the database aside deliberately."
        }
    }

    /// Reads the history of the day `session`'s clock is in, as a status's first `delivered`
    /// would, but on the writer while the start has the database to itself: the first status
    /// after a start is then answered from it (`deliveredFromLastRead`) with no reader connection
    /// opened and no task started for it, until a save ends. A failed read is left to that status.
    /// Any thread; a save that ends meanwhile leaves the read unused (as for `delivered`).
    public func readTodayAhead(of session: TherapySession) {
        let day = DeliveryByHour.localDay(of: session.clock.wall)
        let savesEnded = savedHours.withLock { $0.ended }
        guard let (rows, generation) = try? database.hourlyDeliveryWithCheckpointGeneration(
            fromWallNanoseconds: day.from, toWallNanoseconds: day.to, onWriter: true)
        else { return }
        lastHistoryRead.withLock { $0 = HistoryRead(from: day.from, to: day.to, savesEnded: savesEnded, rows: rows, checkpointGeneration: generation) }
    }

    static func restore(
        _ database: PumpDatabase, everySteps: Int64, interval: TimeSpan, rig: RigConfiguration, battery: BatteryThresholds,
        fresh: () -> TherapySession, at reading: ClockReading, bootID: String, timeScale: Int64,
        journal: CommandedPositionJournal.Note?, writeTimeout: TimeSpan, policy: TherapyPolicy,
        runsUnsaved: UnsavedRun?, decodedAhead: DecodedCheckpoint? = nil
    ) throws(ServiceError) -> (keeper: StateKeeper, session: TherapySession, start: Start) {
        if database.isNew {
            let session = fresh()
            let keeper = StateKeeper(database: database, everySteps: everySteps, interval: interval, bootID: bootID, session: session)
            return (keeper, session, .fresh)
        }
        let stored: [StoredCheckpoint]
        do { stored = try database.intactCheckpoints() } catch { throw .storage(error) }
        guard !stored.isEmpty else {
            // A database with no checkpoint was created by a run that died before its first one;
            // any other event in it means state was lost, and that is not started over.
            if (try? database.lastEvent()) != nil {
                throw .unreadableCheckpoint(path: database.path, reason: "events are logged but no intact checkpoint remains")
            }
            let session = fresh()
            return (StateKeeper(database: database, everySteps: everySteps, interval: interval, bootID: bootID, session: session), session, .fresh)
        }
        let newestWall = stored[0].savedAtWallNanoseconds
        // The newest intact checkpoint whose document this build can read.
        var found: (StoredCheckpoint, TherapyCheckpoint)?
        var problems: [String] = []
        for candidate in stored {
            do {
                found = (candidate, try decodedAhead?.decoded(candidate) ?? DecodedCheckpoint.decode(candidate))
                break
            } catch { problems.append("\(error)") }
        }
        guard let (stored, checkpoint) = found else {
            throw .unreadableCheckpoint(path: database.path, reason: problems.joined(separator: "; "))
        }
        // Newer checkpoints this build cannot read (a newer build wrote them, or this build's decoder
        // is at fault): the older one misses what they record, and the history already holds it
        // (resumed from, its hours would be reported and its journaled steps booked again). Never
        // resumed from, even accepted by hand: no honest bound on what it misses can be made.
        if !problems.isEmpty {
            throw .unreadableNewestCheckpoint(
                path: database.path, newest: "\(CivilTime(unixNanoseconds: newestWall))",
                readable: "\(CivilTime(unixNanoseconds: stored.savedAtWallNanoseconds))", reason: problems.joined(separator: "; "))
        }
        // Same boot: the monotonic clock measures the outage exactly; after a reboot only the wall
        // clock can, and a wall clock set back never makes the outage negative.
        // After a reboot the wall clock gives the estimate and the time since boot a certain lower
        // bound (a wall clock set ahead must not age doses out of the limit windows).
        let sameBoot = stored.bootID == bootID && !bootID.isEmpty
        let uptime = TimeSpan.nanoseconds(max(reading.monotonic.nanoseconds, 0))
        let outage: TimeSpan =
            sameBoot
            ? .nanoseconds(max(reading.monotonic.nanoseconds - stored.savedAtMonotonicNanoseconds, 0))
            : max(.nanoseconds(reading.wall.unixNanoseconds - stored.savedAtWallNanoseconds), uptime)
        let session = TherapySession.restoring(
            checkpoint, rig: rig, battery: battery, outage: outage, outageAtLeast: sameBoot ? outage : uptime,
            unrecordedStepsAtMost: everySteps + (runsUnsaved?.steps ?? 0),
            unrecordedTimeAtMost: unrecordedWindow(interval: interval, timeScale: timeScale, writeTimeout: writeTimeout) + (runsUnsaved?.span ?? .zero),
            journal: sameBoot ? journal.map { ($0.position, $0.instant) } : nil, journalMade: sameBoot ? journal?.made : nil,
            journalHours: sameBoot ? journal?.hours ?? [] : [], policy: policy,
            at: reading)
        let keeper = StateKeeper(
            database: database, everySteps: everySteps, interval: interval, bootID: bootID, session: session,
            lastSaveWall: stored.savedAtWallNanoseconds)
        return (keeper, session, .restored(outage: outage, from: checkpoint))
    }

    /// A stretch the pump can run with no checkpoint besides the cadence's (`AdvanceTime` runs a
    /// simulated day between two): a restore counts it as possibly unrecorded, and believes a step
    /// journal that far past the checkpoint.
    public struct UnsavedRun: Sendable {
        public var span: TimeSpan
        public var steps: Int64
        public init(span: TimeSpan, steps: Int64) {
            self.span = span
            self.steps = steps
        }
    }

    /// How long after a checkpoint's save the next one is durable at the latest, beyond the
    /// interval: a write may take up to `writeTimeout` ([checkpoint] write_timeout_ms); past it
    /// the storage watchdog raises the critical alarm, which stops delivery on the loop's next
    /// wake. The margin covers the watchdog's wake (at most 0.1 s late), the loop's wake and scheduling.
    public static func checkpointLatencyAtMost(writeTimeout: TimeSpan) -> TimeSpan {
        writeTimeout + .milliseconds(500)
    }

    /// The longest, in the session's time, the pump can have stepped past the newest durable
    /// checkpoint: the interval plus `checkpointLatencyAtMost`, scaled to the session's clock.
    static func unrecordedWindow(interval: TimeSpan, timeScale: Int64, writeTimeout: TimeSpan) -> TimeSpan {
        let window = interval + checkpointLatencyAtMost(writeTimeout: writeTimeout)
        return .nanoseconds(window.nanoseconds.multipliedReportingOverflow(by: max(timeScale, 1)).partialValue)
    }

    /// Whether a checkpoint is due after the loop has moved `stepsMoved` steps in total, with its
    /// clock at `wall`: every `everySteps` steps, every `interval` while steps move, after every
    /// step while `priming` (where drug-free fluid ends must not be guessed after a crash), and
    /// once in each new wall-clock hour (moving or not), so every hour is closed and reported
    /// promptly.
    public func checkpointDue(stepsMoved: Int64, wall: CivilTime? = nil, priming: Bool = false) -> Bool {
        checkpointDueUnlessSaving(stepsMoved: stepsMoved, wall: wall, priming: priming) ?? false
    }

    /// `checkpointDue`, or nil while a save is in progress: that save may have copied the session
    /// before what made a checkpoint due (a new hour), so the caller must ask again soon rather
    /// than wait for the next publication, which may never announce it again.
    public func checkpointDueUnlessSaving(stepsMoved: Int64, wall: CivilTime? = nil, priming: Bool = false) -> Bool? {
        // A save holds the lock for as long as its write takes (seconds on a frozen disk): the
        // storage task must not wait for it.
        progress.withLockIfAvailable { last in
            let steps = stepsMoved - last.stepsMoved
            if let wall, HourClosing.hourStart(of: wall.unixNanoseconds) > last.openHour { return true }
            if priming && steps > 0 { return true }
            return steps >= everySteps || (steps > 0 && Self.realNow() - last.realTime >= interval.nanoseconds)
        }
    }

    /// The latest instant (CLOCK_MONOTONIC nanoseconds) by which `checkpointDue` must be asked
    /// again, given `stepsMoved` and no new step, hour or priming meanwhile (those the loop's
    /// publications announce): when the interval since the last save runs out, or after one
    /// interval when no step is unrecorded. After 0.1 s while a save holds the lock.
    public func nextTimedCheckpoint(stepsMoved: Int64, now: Int64) -> Int64 {
        progress.withLockIfAvailable { last in
            stepsMoved > last.stepsMoved ? last.realTime + interval.nanoseconds : now + interval.nanoseconds
        } ?? now + StorageWatchdog.minimumSpacing
    }

    /// The step count at which the loop's publication must wake the checkpoint task, given
    /// `stepsMoved` steps when it last looked (`CheckpointWake`): the first step not yet recorded
    /// (from then on the interval runs), then the step that makes `everySteps`. A save made since
    /// only raises the right value, so a mark set before it wakes early, never late.
    public func stepsToWakeAt(stepsMoved: Int64) -> Int64 {
        progress.withLockIfAvailable { last in
            stepsMoved > last.stepsMoved ? last.stepsMoved + everySteps : last.stepsMoved + 1
        } ?? stepsMoved + 1
    }

    /// The hours checkpoints have completed since the last call, oldest first, each once: one
    /// report per hour that delivered something or passed while a program was committed (an hour
    /// stopped with a program is reported with zero: a gap the on-call person must see). Hours
    /// with neither (no program yet) are not reported.
    public func takeClosedHours() -> [HourlyDeliveryReport] {
        closedHours.withLock { closed in
            defer { closed = [] }
            return closed
        }
    }

    /// Makes `session` (a copy taken on the loop thread) durable with `events` that led to it, as
    /// done by `actor`, plus `extra` records, in one transaction. A copy older than the one last
    /// checkpointed (`revision` orders them) writes its events and records but leaves the newer
    /// checkpoint in place.
    public func save(
        _ session: TherapySession, revision: Int64, stepsMoved: Int64, events: [TherapyEvent] = [], actor: ChangeActor? = nil,
        extra: (borrowing StorageTransaction) throws -> Void = { _ in }
    ) throws(StorageError) -> [StoredEvent] {
        try progress.withLock { (last) throws(StorageError) -> [StoredEvent] in
            let newer = revision > last.revision
            let checkpoint = session.checkpoint()
            let document = String(decoding: try! JSONEncoder().encode(checkpoint), as: UTF8.self)
            let position = session.planner.commandedPosition
            let wall = session.clock.wall
            // The hours the session closed since the last report, each with the state it recorded
            // as its clock crossed the hour's end (a session that is not the last one's successor,
            // with fewer closed hours, has all of its own reported).
            let closedCount = session.hourClosing.closedCount
            let closing = newer ? session.hourClosing.closed(after: closedCount >= last.reportedHours ? last.reportedHours : 0) : []
            var closed: [HourlyDeliveryReport] = []
            // Delivery by the hour its steps were commanded in, as the core booked it.
            let additions = newer ? savedHours.withLock { $0.additions(for: session.deliveredByHour) } : []
            var wroteHours = false
            defer { savedHours.withLock { $0.endSave(wrote: wroteHours ? session.deliveredByHour : nil) } }
            var sealFailure: StorageError?
            let stored: [StoredEvent]
            do throws(StorageError) {
                stored = try database.write { transaction -> [StoredEvent] in
                var logged: [StoredEvent] = []
                for event in events { logged.append(try Self.append(event, actor: actor, to: transaction)) }
                guard newer else {
                    try extra(transaction)
                    return logged
                }
                for hour in additions {
                    try transaction.addHourlyDelivery(
                        hourStartWallNanoseconds: hour.start, volumeNanolitres: hour.volume.nanolitres, massNanograms: hour.mass.nanograms)
                }
                // The closed hours' totals, with what this save booked to them.
                for hour in closing {
                    let total = try transaction.hourlyDelivery(hourStartWallNanoseconds: hour.start)
                    guard total != nil || hour.state.programmed else { continue }
                    closed.append(HourlyDeliveryReport(
                        hour, volume: Volume(nanolitres: total?.volumeNanolitres ?? 0), mass: DrugMass(nanograms: total?.massNanograms ?? 0)))
                }
                try extra(transaction)
                let generation = try transaction.saveCheckpoint(StoredCheckpoint(
                    savedAtWallNanoseconds: wall.unixNanoseconds, savedAtMonotonicNanoseconds: session.clock.monotonic.nanoseconds,
                    bootID: bootID, positionPicolitres: position, stepsMoved: stepsMoved, document: document))
                // Before the commit: a reader that sees this generation holds these hours.
                savedHours.withLock { $0.writing(session.deliveredByHour, checkpointGeneration: generation) }
                return logged
                }
            } catch {
                // Committed, only not sealed: its bookkeeping must follow, or the next save would
                // write the same hours and records again.
                guard case .sealNotWritten = error else { throw error }
                sealFailure = error
                stored = []
            }
            guard newer else {
                if let sealFailure { throw sealFailure }
                return stored
            }
            wroteHours = true
            last = CheckpointProgress(
                savedAt: session.clock, stepsMoved: stepsMoved, realTime: Self.realNow(), revision: revision,
                openHour: HourClosing.hourStart(of: wall.unixNanoseconds), reportedHours: closedCount)
            closedHours.withLock { $0 += closed }
            if let sealFailure { throw sealFailure }
            return stored
        }
    }

    /// The delivery of the hours starting at `from` ≤ start < `to` (nanoseconds since the epoch):
    /// the hourly history plus what `session` (a copy from the loop) booked that the history read
    /// does not hold. Never waits for a save in progress: the checkpoint generation read with the
    /// history says whether that save's hours are in it (see `SavedHours`), so they are counted
    /// once. Reads again if a save ended meanwhile; after five tries, never counts more than once
    /// (a save's hours in flight may then be left out). The history is read from SQLite only when
    /// a save has ended (or the hours asked for changed) since the last read.
    public func delivered(inHoursFrom from: Int64, to: Int64, of session: TherapySession) throws(StorageError) -> DeliveryTotals {
        try delivered(inHoursFrom: from, to: to, of: session, mayRead: true)!
    }

    /// `delivered` without touching SQLite: nil when the last history read no longer serves (a
    /// save ended since, or other hours). For answers given where nothing may wait on storage.
    public func deliveredFromLastRead(inHoursFrom from: Int64, to: Int64, of session: TherapySession) -> DeliveryTotals? {
        try? delivered(inHoursFrom: from, to: to, of: session, mayRead: false)
    }

    /// How many saves have ended: `delivered` may give another total only once it has moved.
    public var savesEnded: Int64 { savedHours.withLock { $0.ended } }

    private func delivered(inHoursFrom from: Int64, to: Int64, of session: TherapySession, mayRead: Bool) throws(StorageError) -> DeliveryTotals? {
        var attempt = 0
        while true {
            let before = savedHours.withLock { $0.ended }
            let history: HistoryRead
            if let last = lastHistoryRead.withLock({ $0 }), last.from == from, last.to == to, last.savesEnded == before {
                // No save ended since that read: it is the history as it was then, which `saved`
                // (read below) still describes, as for a read made now.
                history = last
            } else {
                guard mayRead else { return nil }
                let (rows, generation) = try database.hourlyDeliveryWithCheckpointGeneration(fromWallNanoseconds: from, toWallNanoseconds: to)
                history = HistoryRead(from: from, to: to, savesEnded: before, rows: rows, checkpointGeneration: generation)
            }
            // Read after the history: a save that committed before it is known here.
            let saved = savedHours.withLock { $0 }
            attempt += 1
            let matched = saved.ended == before
            guard matched || attempt >= 5 else { continue }
            if matched { lastHistoryRead.withLock { $0 = history } }
            let unsaved = saved.unsaved(
                in: session.deliveredByHour, from: from, to: to, snapshotGeneration: matched ? history.checkpointGeneration : nil)
            return DeliveryTotals(
                volumeNanolitres: history.volumeNanolitres + unsaved.volume.nanolitres, massNanograms: history.massNanograms + unsaved.mass.nanograms,
                hours: history.hours)
        }
    }

    /// Appends one therapy event, and keeps the alarm history in step with it.
    static func append(_ event: TherapyEvent, actor: ChangeActor?, to transaction: borrowing StorageTransaction) throws -> StoredEvent {
        let time = event.time
        switch event.kind {
        case .alarmRaised(let alarm):
            _ = try transaction.raiseAlarm(
                kind: alarm.kind.rawValue, severity: alarm.severity.rawValue, raisedAtWallNanoseconds: time.unixNanoseconds,
                evidence: alarm.evidence)
        case .alarmCleared(let alarm): _ = try transaction.clearAlarm(kind: alarm.kind.rawValue, atWallNanoseconds: time.unixNanoseconds)
        case .alarmAcknowledged(let kind):
            _ = try transaction.acknowledgeAlarm(kind: kind.rawValue, atWallNanoseconds: time.unixNanoseconds, by: actor ?? ChangeActor.daemon)
        default: break
        }
        let detail = String(decoding: JSONValue.object(event.detail).serialized(), as: UTF8.self)
        let sequence = try transaction.appendEvent(
            wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: event.recordKind.rawValue,
            summary: event.kind.description, detail: detail, actor: actor)
        return StoredEvent(
            sequence: sequence, wallNanoseconds: time.unixNanoseconds, utcOffsetSeconds: time.utcOffsetSeconds, kind: event.recordKind.rawValue,
            summary: event.kind.description, detail: detail, actor: actor)
    }

    /// Appends events that came from the loop itself (alarms, bolus completions), with no actor.
    public func log(_ events: [TherapyEvent]) throws(StorageError) -> [StoredEvent] {
        try database.write { transaction in
            var logged: [StoredEvent] = []
            for event in events { logged.append(try Self.append(event, actor: nil, to: transaction)) }
            return logged
        }
    }

    static func realNow() -> Int64 {
        var ts = timespec()
        clock_gettime(CLOCK_MONOTONIC, &ts)
        return Int64(ts.tv_sec) * 1_000_000_000 + Int64(ts.tv_nsec)
    }

    /// The kernel's id of this boot; empty where there is none (then outages are timed by the wall clock).
    public static func currentBootID(path: String = "/proc/sys/kernel/random/boot_id") -> String {
        // Plain reads rather than Foundation's String(contentsOfFile:), whose file and encoding
        // machinery was a measurable part of pumpd's start. Unreadable or not UTF-8: "".
        let descriptor = Glibc.open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return "" }
        defer { Glibc.close(descriptor) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 128)
        while true {
            let count = chunk.withUnsafeMutableBytes { Glibc.read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 && errno == EINTR { continue }
            guard count >= 0 else { return "" }
            if count == 0 { break }
            bytes += chunk[..<count]
        }
        // The kernel's id is ASCII with no CR: there each Character is one byte, and trimming the
        // bytes gives what `trimmingSpaces` gives, without the first Character walk's one-time
        // costs (~45 µs of the daemon's start). Anything else goes the general way.
        if bytes.allSatisfy({ $0 < 0x80 && $0 != 13 }) {
            let isSpace = { (byte: UInt8) in byte == 32 || byte == 9 || byte == 10 }
            guard let first = bytes.firstIndex(where: { !isSpace($0) }), let last = bytes.lastIndex(where: { !isSpace($0) }) else { return "" }
            return String(decoding: bytes[first...last], as: UTF8.self)
        }
        guard let text = String(validating: bytes, as: UTF8.self) else { return "" }
        return text.trimmingSpaces
    }
}

extension ChangeActor {
    /// The daemon acting on its own (automatic restarts, the control loop).
    public static let daemon = ChangeActor(uid: UInt32(getuid()), pid: getpid(), role: "daemon")
}
