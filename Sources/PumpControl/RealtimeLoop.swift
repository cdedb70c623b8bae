import CPumpSys
#if canImport(Glibc)
import Glibc
#endif
public import PumpCore
public import PumpHardware
import Synchronization

/// The control loop's own thread — not Swift concurrency's pool — sleeping on absolute
/// CLOCK_MONOTONIC deadlines (one futex wait on the inbox's wake word) until the next step or
/// sensor poll is due or a command arrives (it bumps the word).
///
/// Runs SCHED_FIFO at `priority` and locks memory when the process is allowed to, and says so when
/// it is not. Every timer wake records its lateness in a `LatenessHistogram` (readers compute the
/// percentiles, never the loop); it publishes the session after every full wake and command
/// (`sessions`: what status replies read, never waking the loop; a quiet sensor-poll wake changes
/// nothing to publish, and a full wake comes at least every second, see `ControlCycle.quietWake`)
/// and a status-line snapshot on a change of mode or alarms, else at most every 100 ms of full
/// wakes, so no other thread ever holds
/// a lock the loop waits on for longer than a copy. Every wake stores a heartbeat the watchdog can
/// check, and the loop wakes at least every second so an idle loop still beats. Steady state
/// allocates nothing (the published session is withdrawn before a wake changes the session, see
/// `SessionPublisher`).
///
/// A loop pinned to a CPU (`Options.cpu`) never calls what may start a thread (resuming a caller's
/// task, handing over events, an observer's act): it posts them to its `LoopRelay`, whose thread
/// calls them in order, off the loop's CPU. Publications that only store a snapshot stay on the
/// loop thread, so a wake with no command, no event and no observer act never touches the relay.
/// An unpinned loop hands over on its own thread, as there is no relay: a thread it starts has the
/// CPUs every pumpd thread has, and SCHED_RESET_ON_FORK drops the loop's priority from it.
///
/// Inputs are read at their poll interval, not on edge events: a GPIO descriptor that stays
/// readable while its reads fail (an expander that went away) would otherwise spin the loop.
public final class RealtimeLoop: @unchecked Sendable {
    public struct Options: Sendable {
        /// SCHED_FIFO priority (1–99), or nil to stay SCHED_OTHER.
        public var priority: Int32?
        public var lockMemory: Bool
        /// Hold a PM-QoS request of zero CPU wake-up latency (/dev/cpu_dma_latency) while running,
        /// so idle CPUs stay out of deep sleep states whose exit would delay a deadline.
        public var holdCPUWakeLatency: Bool
        /// The CPU the loop thread runs on alone (`CPUAffinity`), or nil to leave it unpinned.
        public var cpu: Int?
        public init(priority: Int32? = nil, lockMemory: Bool = false, holdCPUWakeLatency: Bool = false, cpu: Int? = nil) {
            self.priority = priority
            self.lockMemory = lockMemory
            self.holdCPUWakeLatency = holdCPUWakeLatency
            self.cpu = cpu
        }
    }

    /// Longest the loop sleeps even with nothing due: the heartbeat's period.
    public static let heartbeatInterval: Int64 = 1_000_000_000
    static let publishInterval: Int64 = 100_000_000

    let cycle: ControlCycle
    let clock: any ClockSource
    let options: Options
    /// Called with the therapy events of a wake (only when there are some), in the order of the
    /// wakes and after the replies of the commands the wake ran, on the relay's thread (the loop's
    /// when unpinned). It must not block.
    let onEvents: @Sendable ([TherapyEvent]) -> Void
    /// Called (on the relay's thread, the loop's when unpinned) with what real-time setup could not do.
    let onWarning: @Sendable (String) -> Void

    private let heartbeatStore = Atomic<Int64>(0)
    private let published = Mutex<CycleSnapshot?>(nil)
    private let lateness = LatenessHistogram()
    /// The session as of the end of the last full wake or command (at most a second and one sensor
    /// poll old; its clock says when): status reads it without waking the loop.
    public let sessions: SessionPublisher
    /// Looks at every publication on the loop thread; acts on the relay's.
    private let observer = Mutex<PublicationObserver?>(nil)
    /// Where a pinned loop's thread hands what may start a thread (`LoopRelay`); nil unpinned.
    private let relay: LoopRelay<Relayed>?
    /// Set by `stop()` before it wakes the loop.
    private let stopping = Atomic<Bool>(false)
    private var thread: pthread_t?
    private let startResult = Mutex<HardwareError??>(nil)
    /// Bumped (and its waiter woken) once `startResult` is set: `start()` sleeps on it instead of
    /// polling every 200 µs, which left the start up to a poll late on its way to serving (issue 13).
    private let startWord: UnsafeMutablePointer<UInt32> = {
        let word = UnsafeMutablePointer<UInt32>.allocate(capacity: 1)
        word.initialize(to: 0)
        return word
    }()

    public init(
        cycle: ControlCycle, clock: any ClockSource, options: Options,
        onEvents: @escaping @Sendable ([TherapyEvent]) -> Void = { _ in },
        onWarning: @escaping @Sendable (String) -> Void = { _ in }
    ) {
        self.cycle = cycle
        self.clock = clock
        self.options = options
        self.onEvents = onEvents
        self.onWarning = onWarning
        relay = options.cpu == nil ? nil : LoopRelay()
        // No loop thread yet: the cycle is this thread's to read.
        sessions = SessionPublisher(cycle.sessionSnapshot())
    }

    deinit { startWord.deallocate() }

    /// CLOCK_MONOTONIC nanoseconds at the end of the last wake (0 before the first): the
    /// watchdog's sign that the loop is alive.
    public var heartbeat: Int64 { heartbeatStore.load(ordering: .acquiring) }

    /// Where other threads send commands; the loop runs them at its next wake.
    public var inbox: CommandInbox { cycle.inbox }

    /// The cycle's state as last published (on a change of mode or alarms, else every 100 ms).
    public var snapshot: CycleSnapshot { published.withLock { $0 } ?? CycleSnapshot() }

    /// Publishes the session as it is now in `sessions`. Loop thread only: called at the end of
    /// every wake, and by a command whose caller must see its change in the next status.
    func publishSession() { sessions.publish(cycle.sessionSnapshot()) }

    /// Runs `body` on the session at the loop's next wake and publishes the session it left (on the
    /// loop thread), then hands `resume` the result (on the relay's thread when pinned, in command
    /// order): the
    /// caller's next status shows the change.
    public func enqueue<Result: Sendable>(
        _ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result, then resume: @escaping @Sendable (Result) -> Void
    ) {
        cycle.inbox.enqueue(cycle: { [self] cycle, now in
            let result = body(&cycle.session, now)
            publishSession()
            handOver(.call { resume(result) })
        })
    }

    /// Runs `body` on the cycle at the loop's next wake, publishes the session, then hands `resume`
    /// the result, as `enqueue(_:then:)` does.
    public func enqueue<Result: Sendable>(
        cycle body: @escaping @Sendable (ControlCycle, ClockReading) -> Result, then resume: @escaping @Sendable (Result) -> Void
    ) {
        cycle.inbox.enqueue(cycle: { [self] cycle, now in
            let result = body(cycle, now)
            publishSession()
            handOver(.call { resume(result) })
        })
    }

    /// From now on, shows `observer` every snapshot the loop publishes: `notices` on the loop
    /// thread, inside the real-time wake; `act`, when asked for, on the relay's thread (the loop's
    /// when unpinned), in order
    /// (replacing any observer before).
    public func observePublications(_ observer: PublicationObserver) {
        self.observer.withLock { $0 = observer }
    }

    /// Wake lateness over the timer wakes so far, computed now by the caller's thread (it scans
    /// the histogram: a status line's or a metrics write's cost, not the loop's).
    public var latenessSummary: LatenessSummary { lateness.summary() }

    /// Starts the thread; returns once the motor is in its safe state and the loop runs.
    ///
    /// - Throws: the error that kept the loop from starting (the motor could not be disabled, or
    ///   a descriptor could not be made); no thread then runs.
    public func start() throws(HardwareError) {
        try begin()
        try awaitStart()
    }

    /// `start()` in two halves: starts the thread and returns at once, while the thread drives
    /// the motor to its safe state, so the caller can build what does not touch the loop (on
    /// another CPU, when there is one). Nothing may rely on the loop running (perform on it,
    /// read its state, serve it) before `awaitStart()` has returned.
    ///
    /// - Throws: when the thread (or its relay) could not be started; no thread then runs.
    public func begin() throws(HardwareError) {
        // Before the loop thread exists: the relay keeps this thread's CPUs, not the loop's.
        try relay?.start { [onEvents, onWarning] item in Self.deliver(item, onEvents: onEvents, onWarning: onWarning) }
        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { context in
            let loop = Unmanaged<RealtimeLoop>.fromOpaque(context!).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<RealtimeLoop>.fromOpaque(context).release()
            relay?.finish()
            throw .unsupported("a thread for the control loop (pthread_create: \(rc))")
        }
        thread = handle
    }

    /// Waits for the thread `begin()` started: returns once the motor is in its safe state and
    /// the loop runs. Called once, after `begin()` returned.
    ///
    /// - Throws: the error that kept the loop from starting (the motor could not be disabled);
    ///   the thread has then ended (joined), as after a failed `start()`.
    public func awaitStart() throws(HardwareError) {
        while true {
            // Read before the result: a result set after this read bumps the word, so the wait
            // below returns at once instead of sleeping through it.
            let seen = pump_wake_word_load(startWord)
            if let outcome = startResult.withLock({ $0 }) {
                if let error = outcome { join(); throw error }
                return
            }
            // A second at a time: the result is looked at again even if a wake were lost.
            let waited = pump_wake_word_wait(startWord, seen, SystemClock.monotonicNanoseconds() + 1_000_000_000)
            if waited < 0 { usleep(200) }  // never spin on a failing wait
        }
    }

    /// Asks the loop to stop, waits for it: delivery stopped and the motor disabled, every reply,
    /// event and observer act handed over. Returns the therapy session as the loop left it.
    @discardableResult
    public func stop() -> TherapySession {
        stopping.store(true, ordering: .releasing)
        cycle.inbox.signalWake()
        join()
        return cycle.session
    }

    /// Waits for the loop thread to end, then for the relay to hand over what it posted.
    private func join() {
        if let thread {
            pthread_join(thread, nil)
            self.thread = nil
        }
        relay?.finish()
    }

    /// How many replies, event batches, observer acts and warnings the relay has handed over.
    var relayedCount: Int { relay?.handedOver ?? 0 }

    /// What the loop thread hands its relay.
    enum Relayed: Sendable {
        case call(@Sendable () -> Void)
        case events([TherapyEvent])
        case warning(String)
    }

    /// Posts `item` to the relay, or hands it over at once when there is none (unpinned).
    private func handOver(_ item: Relayed) {
        if let relay { relay.post(item) } else { Self.deliver(item, onEvents: onEvents, onWarning: onWarning) }
    }

    private static func deliver(
        _ item: Relayed, onEvents: @Sendable ([TherapyEvent]) -> Void, onWarning: @Sendable (String) -> Void
    ) {
        switch item {
        case .call(let body): body()
        case .events(let events): onEvents(events)
        case .warning(let warning): onWarning(warning)
        }
    }

    /// Shows `snapshot` to the observer, if there is one; posts its act when it asks for it.
    private func observe(_ snapshot: CycleSnapshot) {
        if let observer = observer.withLock({ $0 }), observer.notices(snapshot) { handOver(.call(observer.act)) }
    }

    private func run() {
        let latencyRequest = setUpRealtime()
        defer { if latencyRequest >= 0 { close(latencyRequest) } }
        let inbox = cycle.inbox
        // Read before each wake drains the inbox: the wait below sleeps only while the word still
        // holds it, so a command (or stop) that came after the drain wakes the loop at once. The
        // first read comes before the start is reported: a stop() right after start() returns
        // must find the word moved on, not sleep a heartbeat interval (1 s) unseen.
        var seen = inbox.wakeSignal
        do {
            try cycle.start(at: clock.now())
            startResult.withLock { $0 = .some(nil) }
            pump_wake_word_signal(startWord)
        } catch {
            startResult.withLock { $0 = .some(error) }
            pump_wake_word_signal(startWord)
            return
        }
        var lastPublishedAt: Int64 = 0
        var lastMode = CycleSnapshot().mode, lastAlarms = AlarmKindSet()
        var deadline = cycle.wake(at: clock.now())
        publishEvents()
        publishSession()
        var wakeEnded = SystemClock.monotonicNanoseconds()
        while true {
            // Wake at least every heartbeat interval, so an idle loop still shows it is alive.
            let realDeadline = min(clock.realDeadline(for: deadline) ?? Int64.max / 2, wakeEnded + Self.heartbeatInterval)
            // One futex wait to the absolute deadline, held to the thread's 1 ns timer slack (a
            // timerfd re-armed every wake, then epoll, cost a second system call per wake, issue 13).
            let waited = pump_wake_word_wait(inbox.wakeWord, seen, realDeadline)
            let wokeAt = SystemClock.monotonicNanoseconds()
            if waited == 1 {
                lateness.record(UInt64(max(wokeAt - realDeadline, 0)))
            } else if waited < 0 {
                usleep(1_000)  // never spin on a failing wait
            }
            seen = inbox.wakeSignal  // before the flag: a stop's bump makes its flag visible
            if stopping.load(ordering: .acquiring) { break }
            let now = clock.now()
            // A quiet wake leaves the session as published: it keeps its publication, and shares
            // its arrays (were a poll to change the session after all, that change copies them).
            let mayBeQuiet = cycle.mayWakeQuietly(at: now)
            if !mayBeQuiet { sessions.withdraw() }
            deadline = cycle.wake(at: now, mayBeQuiet: mayBeQuiet)
            // A quiet wake has no events to hand over: any event is a change to the session,
            // which makes the wake a full one (`ControlCycle.quietWake`). Not asking saves the
            // session's event list a cold read per idle wake.
            if !cycle.lastWakeWasQuiet || !cycle.keepsPlanAcrossTicks { publishEvents() } else { cycle.quietWakeHandedOver() }
            if !cycle.lastWakeWasQuiet {
                let annunciation = cycle.annunciationSnapshot()
                sessions.publish(cycle.sessionSnapshot(annunciation: annunciation))
                let snapshot = cycle.snapshot(annunciation: annunciation)
                let changed = snapshot.mode != lastMode || snapshot.alarms != lastAlarms
                if changed || wokeAt - lastPublishedAt >= Self.publishInterval {
                    published.withLock { $0 = snapshot }
                    observe(snapshot)
                    (lastMode, lastAlarms) = (snapshot.mode, snapshot.alarms)
                    lastPublishedAt = wokeAt
                }
            }
            wakeEnded = SystemClock.monotonicNanoseconds()
            heartbeatStore.store(wakeEnded, ordering: .releasing)
        }
        cycle.shutdown(at: clock.now())
        // Commands that arrived meanwhile still get their answer (against the stopped session).
        cycle.runCommands(at: clock.now())
        cycle.forceDisable()
        publishEvents()
        publishSession()
        let final = cycle.snapshot()
        published.withLock { $0 = final }
        observe(final)
    }

    /// Applies the real-time options; returns the PM-QoS descriptor to keep open (or -1).
    private func setUpRealtime() -> Int32 {
        _ = pump_name_thread("pumpd-loop")  // for top -H, perf and the benchmarks
        var latencyRequest: Int32 = -1
        if options.holdCPUWakeLatency {
            latencyRequest = open("/dev/cpu_dma_latency", O_WRONLY | O_CLOEXEC)
            var zero: Int32 = 0
            if latencyRequest < 0 || write(latencyRequest, &zero, 4) != 4 {
                warn("CPU wake-up latency not held at 0: /dev/cpu_dma_latency unavailable (errno \(errno))")
            }
        }
        if let cpu = options.cpu { do { try CPUAffinity.pinCallingThread(to: cpu) } catch { warn("control loop not pinned: \(error)") } }
        // Deadlines are exact instants: no slack for the kernel to coalesce wake-ups into.
        _ = pump_set_timer_slack(1)
        if let priority = options.priority {
            let rc = pump_set_fifo_priority(priority)
            if rc != 0 {
                warn("control loop stays SCHED_OTHER: SCHED_FIFO priority \(priority) refused (errno \(-rc)); grant LimitRTPRIO or CAP_SYS_NICE")
            }
        }
        if options.lockMemory {
            let rc = pump_lock_memory()
            if rc != 0 { warn("memory not locked: mlockall refused (errno \(-rc)); grant LimitMEMLOCK") }
        }
        return latencyRequest
    }

    private func warn(_ warning: String) { handOver(.warning(warning)) }

    private func publishEvents() {
        let events = cycle.takeEvents()
        if !events.isEmpty { handOver(.events(events)) }
    }
}
