import ArgumentParser
#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif
import Dispatch
import Glibc
import PumpControl
import PumpCore
import PumpHardware
import PumpProfile
import PumpService
import PumpSimulation
import PumpStorage
import PumpVersion
import Varlink
import VarlinkServer
import PumpJournal
import Logging
import Synchronization

/// The running daemon: the service on its rig, its control loop, the Varlink server, and the main
/// thread waiting for signals and writing the log. SIGINT, SIGTERM and SIGQUIT stop delivery,
/// leave the motor disabled and write a final checkpoint before exit; SIGHUP reloads the profile's
/// access roles and sensor thresholds (or refuses, saying why, changing nothing) while delivery
/// runs; SIGPIPE is ignored, so a closed log pipe or a vanished client cannot kill it.
struct Daemon {
    let options: DaemonOptions
    /// The profile's path as loaded (`--profile` or the default): what a reload reads again.
    let profilePath: String
    let profile: HardwareProfile
    let assembly: RigAssembly
    let virtualClock: VirtualClock?
    /// The state database's checks, begun before the profile was loaded (nil: made at the open).
    var stateCheck: DatabaseCheckAhead? = nil
    /// The control socket's event-loop thread, started before the profile was loaded.
    let serviceLoop: VarlinkEventLoop

    /// How old the loop's heartbeat may be before the watchdog is withheld: the loop wakes at
    /// least every second.
    static let heartbeatTolerance: Int64 = 3_000_000_000

    /// Wakes the main thread to write queued log lines (blocked everywhere, taken by sigtimedwait).
    static let logSignal = SIGUSR2

    /// The STATUS= line: mode, rate and alarms in words.
    static func status(_ snapshot: CycleSnapshot) -> String {
        "\(snapshot.mode), \(snapshot.rate), delivered \(snapshot.delivered), reservoir \(snapshot.reservoir)"
            + (snapshot.alarms.isEmpty ? ", no alarms" : ", alarms: \(snapshot.alarms)")
    }

    func run() throws {
        let environment = SystemdEnvironment.current()
        let notifier = SystemdNotifier(environment: environment)
        signal(SIGPIPE, SIG_IGN)
        // Nothing pumpd creates is for other users: at most its group reads (0640, e.g. the metrics
        // file for node_exporter); the state files are 0600 (the store sets that itself) and the
        // socket gets its mode and group explicitly. A stricter umask (the unit's 0077) is kept.
        umask(umask(0o027) | 0o027)
        var signals = sigset_t()
        sigemptyset(&signals)
        for stop in [SIGINT, SIGTERM, SIGHUP, SIGQUIT, Self.logSignal] { sigaddset(&signals, stop) }
        pthread_sigmask(SIG_BLOCK, &signals, nil)
        // Under systemd the socket unit passes the listening socket (named "varlink"); by hand,
        // pumpd binds its own, in a staging directory. Either is made ready on the loop's thread
        // meanwhile and accepts nothing until the service serves it below; only then is a bound
        // socket put at --socket (its checks made by a pumpd that holds the state's lock). A start
        // that fails first closes it, leaving --socket as it was.
        let activated = SocketActivation.listeningDescriptor(named: "varlink", environment: environment)
        let early: Result<EarlyListener, any Error>
        if let activated {
            early = .success(.adopt(descriptor: activated, on: serviceLoop))
        } else {
            early = Result { try EarlyListener.bind(path: options.socket, mode: 0o660, group: options.socketGroupID(), on: serviceLoop) }
        }
        var serving = false
        defer { if !serving, case .success(let listener) = early { listener.abandon() } }
        // Directed at this thread, where it stays blocked until sigtimedwait takes it: no other
        // thread can be killed by it.
        let mainThread = pthread_self()
        let eventLog = DaemonLog(wake: { _ = pthread_kill(mainThread, Self.logSignal) })
        let journal = DaemonJournal.open()

        let start = assembly.clock.now()
        let drug = Drug(name: options.drug, concentration: .microgramsPerMillilitre(options.concentration ?? 2_000))
        let freshSession = { @Sendable [profile] in
            TherapySession(
                rig: profile.rigConfiguration,
                fill: ReservoirFill(volume: profile.reservoir.capacity, drug: drug, filledAt: start.wall, position: 0),
                pathPrimed: true, battery: profile.batteryThresholds, clock: start)
        }
        var opened: (keeper: StateKeeper, session: TherapySession, start: StateKeeper.Start)
        // Each commanded step is noted here before the motor moves: after a kill, a restore
        // knows exactly what was commanded past the last checkpoint.
        // Without it (unreadable), restores fall back on the checkpoint cadence's bound.
        var stepJournal: CommandedPositionJournal?
        // Read once: the journal and the state must agree on the boot (and it is a file read).
        let bootID = options.bootID
        // In the runtime directory, never on the state disk: a store into a mapped page of a frozen
        // or slow file system would stall the loop thread itself. Kept for this state's database
        // file only, and opened (locked until just before the state's lock goes: `release`) only
        // once this pumpd holds the state's lock, in `StateKeeper.open`: a pumpd refused on that
        // lock, or beside another one in a shared runtime directory, leaves it as it is.
        let openingJournal = { [runtimeDirectory = options.runtimeDirectory] (database: String) -> CommandedPositionJournal.Note? in
            guard PathExists.at(runtimeDirectory) else { return nil }
            guard let state = CommandedPositionJournal.stateIdentity(ofDatabase: database) else {
                log("pumpd: warning: the step journal is not used, restores bound unrecorded steps by the checkpoint cadence: "
                    + "the identity of \(database) cannot be read (statx failed)")
                return nil
            }
            do { stepJournal = try CommandedPositionJournal.opening(directory: runtimeDirectory, bootID: bootID, state: state) } catch {
                log("pumpd: warning: the step journal is not used, restores bound unrecorded steps by the checkpoint cadence: \(error)")
            }
            return stepJournal?.lastNote
        }
        // The first status reply's one-time costs, paid on the socket's thread (idle until served)
        // while this one waits for the state's checks: a fresh session's reply, encoded and dropped.
        serviceLoop.run { PumpInterface.warmUpStatusReply(stub: freshSession()) }
        do {
            opened = try StateKeeper.open(
                directory: options.stateDir, everySteps: profile.checkpoint.everySteps, interval: profile.checkpoint.interval,
                rig: profile.rigConfiguration, battery: profile.batteryThresholds,
                fresh: freshSession, at: start,
                bootID: bootID, timeScale: options.timeScale,
                writeTimeout: profile.checkpoint.writeTimeout, acceptingRestoredState: options.acceptRestoredState,
                policy: profile.programming.policy,
                runsUnsaved: virtualClock != nil ? RigInterface.unsavedRun(maximumStepsPerSecond: profile.motor.maximumStepsPerSecond) : nil,
                checkedAhead: stateCheck, readingTodayAhead: false, openingJournal: openingJournal,
                releasingJournal: { stepJournal?.release() })
        } catch {
            log("pumpd: \(error)")
            throw PumpdExit.state.exit
        }
        // Today's history, for the first status, read on the socket's thread (ahead of that
        // status's preparation and of any connection) while this one goes on with the start.
        serviceLoop.run { [keeper = opened.keeper, session = opened.session] in keeper.readTodayAhead(of: session) }
        serviceLoop.wait()
        // The library and policy are the profile's, never the checkpoint's: set on every start.
        opened.session.configure(library: profile.drugLibrary, policy: profile.programming.policy)
        log("pumpd: " + DrugLibraryNote.line(for: profile))
        // The journal carries on from where the session now stands (a fresh database starts
        // from its own position, not an older note).
        stepJournal?.carryOn(from: opened.session.planner.commandedPosition, at: start.monotonic)
        switch opened.start {
        case .fresh: log("pumpd: new state database in \(options.stateDir)")
        case .restored(let outage, _): log("pumpd: state restored from \(options.stateDir) after an outage of \(outage.readable)")
        }

        let sink = EventSink()
        let runner: any ControlLoopRunner
        var virtualRunner: VirtualRunner?
        var loop: RealtimeLoop?
        do {
            if let virtualClock {
                let cycle = ControlCycle(session: opened.session, rig: assembly.io, settings: assembly.settings)
                cycle.positionJournal = stepJournal
                cycle.selfTestAtStart = true
                let virtual = try VirtualRunner(cycle: cycle, clock: virtualClock, onEvents: { sink.deliver($0) })
                runner = virtual
                virtualRunner = virtual
            } else {
                let cycle = ControlCycle(session: opened.session, rig: assembly.io, settings: assembly.settings)
                cycle.positionJournal = stepJournal
                cycle.selfTestAtStart = true
                // The loop's CPU is its own: every thread so far leaves it, and the threads they
                // start inherit that; the loop thread pins itself to it. Like a refused priority,
                // a refusal costs timing, not safety: a warning.
                if let cpu = profile.realtime.cpu {
                    do { try CPUAffinity.keepThreads(off: cpu) } catch { log("pumpd: warning: pumpd's threads not kept off CPU \(cpu): \(error)") }
                }
                let realtime = RealtimeLoop(
                    cycle: cycle, clock: assembly.clock,
                    options: .init(
                        priority: profile.realtime.priority > 0 ? Int32(profile.realtime.priority) : nil,
                        lockMemory: profile.realtime.lockMemory, holdCPUWakeLatency: profile.realtime.priority > 0,
                        cpu: profile.realtime.cpu),
                    onEvents: { sink.deliver($0) },
                    onWarning: { log("pumpd: warning: \($0)") })
                // Begun, not yet awaited: the service is built below while the loop's thread
                // drives the motor safe (on the other CPU), and awaited before anything uses it.
                try realtime.begin()
                runner = RealtimeRunner(loop: realtime)
                loop = realtime
            }
        } catch {
            log("pumpd: the motor could not be put in its safe state: \(error)")
            stepJournal?.release()  // no loop thread began; before the state's lock goes
            throw PumpdExit.rigUnsafe.exit
        }
        var eventLogged: (@Sendable (StoredEvent) -> Void)?
        var reported: (@Sendable (ServiceEvent) -> Void)?
        if let journal {
            eventLogged = { journal.log($0) }
            reported = { journal.log($0) }
        }
        let service = PumpService(
            runner: runner, keeper: opened.keeper,
            rig: .init(
                name: profile.name, profilePath: profile.file, simulated: assembly.simulated != nil,
                clock: virtualClock != nil ? "virtual" : (options.timeScale > 1 ? "accelerated" : "real"), timeScale: options.timeScale),
            simulatedRig: assembly.simulated, policy: AccessPolicy(access: profile.access, daemonUID: getuid()),
            writeTimeout: profile.checkpoint.writeTimeout, log: { eventLog.enqueue(line: $0) }, eventLogged: eventLogged, reported: reported)
        sink.attach(service)

        // SIGHUP and io.pumpd.Pump.Reload: one reload path, one at a time, each between a
        // RELOADING=1 and a READY=1 with the status after it.
        let readiness = StartupReadiness(send: { _ = notifier.send($0) }, log: { log($0) })
        let reloader = ProfileReloader(
            path: profilePath, running: profile, service: service, log: { eventLog.enqueue(line: $0) },
            phase: { [runner] starting in readiness.reload(starting: starting, status: Self.status(runner.snapshot)) })
        let pump = PumpInterface(service: service, reloader: reloader)
        var interfaces: [any VarlinkInterface] = [pump]
        if let simulated = assembly.simulated {
            interfaces.append(RigInterface(service: service, rig: simulated, virtual: virtualRunner))
        }
        let metrics = options.metricsFile.map(MetricsTextfile.init(path:))
        var onCall: (@Sendable (VarlinkCallRecord) -> Void)?
        if let metrics { onCall = { metrics.record($0) } }
        // Made before the loop is awaited, its failure reported only after: a start the loop
        // refuses says so first, as when the service came after it.
        let made = Result { () throws(VarlinkServiceError) -> VarlinkService in
            try VarlinkService(
                configuration: .init(
                    vendor: "pumpd", product: "pumpd", version: PumpVersion.number, url: "https://github.com/pumpd/pumpd",
                    protocolErrorInterface: PumpErrors.interface,
                    limits: Self.connectionLimits(profile.connections), onCall: onCall,
                    classify: { [service] peer in
                        Self.priority(of: service.policy.role(uid: peer.uid, gid: peer.gid))
                    }),
                interfaces: interfaces, eventLoop: serviceLoop)
        }
        // The loop's start ends here: nothing above touched the loop, nothing below runs unless
        // the motor is in its safe state.
        do { try loop?.awaitStart() } catch {
            log("pumpd: the motor could not be put in its safe state: \(error)")
            stepJournal?.release()  // the loop's thread has ended; before the state's lock goes
            throw PumpdExit.rigUnsafe.exit
        }
        log("pumpd: \(profile.name) (\(profile.file)), step \(profile.motor.stepVolume), "
            + (assembly.simulated != nil ? "simulated" : "GPIO") + " rig, \(service.rig.clock) clock")

        // The first start's program is durable before the socket is served: no client sees a
        // program running that is not yet stored.
        if let dailyDose = options.dailyDose, case .fresh = opened.start {
            let prescription = Prescription(
                drug: drug, basal: .continuous(MassRate(nanogramsPerDay: dailyDose)),
                limits: DoseLimits(
                    maximumDailyDose: .nanograms(dailyDose) + .micrograms(1),
                    maximumHourlyDose: MassRate(nanogramsPerDay: dailyDose).mass(over: .hour) + .micrograms(1),
                    maximumBolus: .micrograms(100)),
                lowReservoirAlarm: .millilitres(2))
            try blocking {
                let events = await runner.perform { session, now -> [TherapyEvent] in
                    do { try session.commit(prescription, at: now) } catch { eventLog.enqueue(line: "pumpd: program refused: \(error)") }
                    return session.takeEvents()
                }
                await service.persist(events: events, actor: .daemon)
            }
        }

        let server: VarlinkService
        do {
            server = try made.get()
            // Built for what the running loop now publishes, on the socket's thread ahead of any
            // connection, as the first status would otherwise do it (its one-time costs were paid
            // by the warm-up during the state's open).
            serviceLoop.run { pump.prepareStatusReply() }
            try server.serve(early.get())
            serving = true
            if let activated {
                log("pumpd: serving the socket systemd passed (fd \(activated))"
                    + (options.socketGroup != nil ? "; --socket-group ignored (the socket unit sets the group)" : ""))
            } else {
                log("pumpd: listening on \(options.socket)" + (options.socketGroup.map { " (group \($0))" } ?? ""))
            }
        } catch {
            log("pumpd: cannot serve the control socket \(options.socket): \(error)")
            _ = service.shutdown()
            stepJournal?.release()  // the loop has ended; before the state's lock goes
            throw PumpdExit.socket.exit
        }
        log("pumpd: interfaces io.pumpd.Pump" + (assembly.simulated != nil ? ", io.pumpd.Rig" : ""))
        let persistence = Task.detached { await service.runPersistence() }
        let metricsWriter = metrics.map { metrics in
            Task.detached { [interval = options.metricsInterval] in
                while !Task.isCancelled {
                    let session = await runner.perform { session, _ in session }
                    do { try metrics.write(session: session, lateness: runner.latenessSummary) } catch {
                        eventLog.enqueue(line: "pumpd: metrics not written: \(error)")
                    }
                    try? await Task.sleep(nanoseconds: UInt64(interval) * 1_000_000_000)
                }
            }
        }

        // Ready only now: the motor is in its safe state, the state is open and verified, the
        // API is listening, and the loop has published what it is doing (a restored program's
        // mode and rate, not the empty snapshot before its first wake).
        if let first = Self.firstSnapshot(of: { runner.snapshot }) {
            readiness.started(status: Self.status(first))
        } else {
            readiness.started(status: StartupReadiness.noFirstStatus(waited: TimeSpan(nanoseconds: Self.firstSnapshotWait)))
        }
        let restoredAfter: TimeSpan?
        switch opened.start {
        case .fresh: restoredAfter = nil
        case .restored(let outage, _): restoredAfter = outage
        }
        journal?.log(.daemonStarted(profile: profile.file, rig: profile.name, clock: service.rig.clock, restoredAfter: restoredAfter))
        // The main thread sleeps until something is due (a signal, a queued log line, a
        // keep-alive, a status): it does not poll.
        let started = SystemClock.monotonicNanoseconds()
        let stopAt = options.runFor > 0 ? started + options.runFor * 1_000_000_000 : Int64.max
        let statusInterval = options.statusInterval * 1_000_000_000
        var nextStatus = started + statusInterval
        var nextNotifyStatus = notifier.socketPath != nil ? started : Int64.max
        var nextWatchdog = notifier.watchdogInterval != nil ? started : Int64.max
        var withholding = false
        var stopSignal = "none"
        while true {
            let before = SystemClock.monotonicNanoseconds()
            if before >= stopAt { break }
            let wait = max(min(stopAt, nextStatus, nextNotifyStatus, nextWatchdog) - before, 0)
            var timeout = timespec(tv_sec: Int(wait / 1_000_000_000), tv_nsec: Int(wait % 1_000_000_000))
            var info = siginfo_t()
            let caught = sigtimedwait(&signals, &info, &timeout)
            eventLog.flush()
            if caught == SIGHUP {
                // Who sent it is the reload's actor in the audit records. The reload runs off this
                // thread, so the watchdog's keep-alives go on meanwhile.
                let sender = ChangeActor(uid: info._sifields._kill.si_uid, pid: info._sifields._kill.si_pid, role: "signal")
                Task.detached { _ = await reloader.reload(actor: sender) }
                continue
            }
            if caught > 0 && caught != Self.logSignal {
                stopSignal = Self.signalName(caught)
                log("pumpd: signal \(caught): stopping")
                break
            }
            let now = SystemClock.monotonicNanoseconds()
            if let interval = notifier.watchdogInterval, now >= nextWatchdog {
                // Keep-alives only while the control loop itself beats: a hung loop thread gets the
                // service restarted (and therapy resumed) by systemd.
                let fresh = now - runner.heartbeat <= Self.heartbeatTolerance
                if fresh { notifier.send("WATCHDOG=1") }
                if fresh == withholding {
                    withholding = !fresh
                    log(fresh ? "pumpd: control loop beating again" : "pumpd: control loop heartbeat stale: withholding the watchdog")
                }
                nextWatchdog = now + interval
            }
            if now >= nextNotifyStatus {
                notifier.send("STATUS=\(Self.status(runner.snapshot))")
                nextNotifyStatus = now + 2_000_000_000
            }
            if now >= nextStatus {
                log("pumpd: \(runner.snapshot), \(runner.latenessSummary)")
                nextStatus += statusInterval
            }
        }
        journal?.log(.daemonStopping(signal: stopSignal, mode: runner.snapshot.mode.description))
        notifier.send("STOPPING=1\nSTATUS=stopping: disabling the motor and saving state")
        // An AdvanceTime under way ends at its next chunk, before its connection goes, and the
        // final checkpoint records how far it went.
        service.advances.close()
        try? blocking { await server.shutdown() }
        metricsWriter?.cancel()
        let final = service.shutdown()
        _ = loop
        try? blocking { await persistence.value }
        // The step journal's locks go before the state's, so a pumpd started as soon as this one
        // lets go of the state gets both (its notes stay for a restore after a failed checkpoint).
        let unsaved = service.finalCheckpoint(final, beforeReleasingTheState: { stepJournal?.release() })
        eventLog.flush()
        if let unsaved {
            log("pumpd: stopped; motor disabled; state NOT saved: \(unsaved); \(runner.snapshot)")
            throw PumpdExit.state.exit
        }
        log("pumpd: stopped; motor disabled; state saved; \(runner.snapshot)")
    }
}

extension Daemon {
    /// The control socket's limits: room for a bench's tools and watchers, no one user holding
    /// more than half, slots reserved for operators and clinicians, and idle connections of the
    /// others closed (see `ConnectionLimitsProfile`).
    static func connectionLimits(_ profile: ConnectionLimitsProfile) -> VarlinkService.Limits {
        .init(
            maxConnections: ConnectionLimitsProfile.maximumConnections, maxConnectionsPerUser: ConnectionLimitsProfile.maximumPerUser,
            reservedForElevated: profile.reservedForOperators, reservedForCritical: profile.reservedForProgrammers,
            idleTimeout: .seconds(profile.idleTimeoutSeconds))
    }

    /// Clinicians are critical, operators elevated; observers and callers with no role standard.
    static func priority(of role: AccessRole?) -> ConnectionPriority {
        switch role {
        case .programmer: .critical
        case .operator: .elevated
        case .observer, nil: .standard
        }
    }

    /// How long READY waits for the loop's first snapshot: it wakes at least once a second
    /// (`RealtimeLoop.heartbeatInterval`), so only a loop that is already stuck takes longer, and
    /// then the watchdog, not READY, is what must report it.
    static let firstSnapshotWait: Int64 = 5_000_000_000

    /// The loop's first published snapshot (its wall reading is set once the loop has run), waited
    /// for at most `wait` nanoseconds; nil when it has not come by then (the empty snapshot
    /// before the first wake says "stopped, 0", which would be false).
    static func firstSnapshot(wait: Int64 = firstSnapshotWait, of published: () -> CycleSnapshot) -> CycleSnapshot? {
        let deadline = SystemClock.monotonicNanoseconds() + wait
        while published().wall == nil, SystemClock.monotonicNanoseconds() < deadline { usleep(5_000) }
        let snapshot = published()
        return snapshot.wall == nil ? nil : snapshot
    }

    /// The name of a stop signal, for the journal.
    static func signalName(_ signal: Int32) -> String {
        switch signal {
        case SIGTERM: "SIGTERM"
        case SIGINT: "SIGINT"
        case SIGQUIT: "SIGQUIT"
        case SIGHUP: "SIGHUP"
        default: "signal \(signal)"
        }
    }
}

/// Runs async work to completion from the main thread (which must stay free for signals).
func blocking(_ work: @escaping @Sendable () async throws -> Void) throws {
    let done = DispatchSemaphore(value: 0)
    let failure = Mutex<(any Error)?>(nil)
    Task.detached {
        do { try await work() } catch { failure.withLock { $0 = error } }
        done.signal()
    }
    done.wait()
    if let error = failure.withLock({ $0 }) { throw error }
}
