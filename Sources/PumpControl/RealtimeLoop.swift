import CPumpSys
#if canImport(Glibc)
import Glibc
#endif
public import PumpCore
public import PumpHardware
import Synchronization

/// The control loop's own thread — not Swift concurrency's pool — sleeping on absolute
/// CLOCK_MONOTONIC deadlines (a timerfd) until the next step or sensor poll is due or a command
/// arrives (the inbox's eventfd).
///
/// Runs SCHED_FIFO at `priority` and locks memory when the process is allowed to, and says so when
/// it is not. Every timer wake records its lateness in a `LatenessHistogram` (readers compute the
/// percentiles, never the loop); it publishes the session after every wake and command
/// (`sessions`: what status replies read, never waking the loop) and a status-line snapshot on a
/// change of mode or alarms, else at most every 100 ms, so no other thread ever holds
/// a lock the loop waits on for longer than a copy. Every wake stores a heartbeat the watchdog can
/// check, and the loop wakes at least every second so an idle loop still beats. Steady state
/// allocates nothing (the published session is withdrawn before a wake changes the session, see
/// `SessionPublisher`).
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
    /// Called on the loop thread with the therapy events of a wake (only when there are some). It
    /// must not block: hand the events to another thread.
    let onEvents: @Sendable ([TherapyEvent]) -> Void
    /// Called once on the loop thread with what real-time setup could not do.
    let onWarning: @Sendable (String) -> Void

    private let heartbeatStore = Atomic<Int64>(0)
    private let published = Mutex<CycleSnapshot?>(nil)
    private let lateness = LatenessHistogram()
    /// The session as of the end of the last wake or command: status reads it without waking the
    /// loop.
    public let sessions: SessionPublisher
    /// Called on the loop thread with every publication (`PublicationObserver` says why a box).
    private let observer = Mutex<PublicationObserver?>(nil)
    private let stopDescriptor: Int32
    private var thread: pthread_t?
    private let startResult = Mutex<HardwareError??>(nil)

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
        // No loop thread yet: the cycle is this thread's to read.
        sessions = SessionPublisher(cycle.sessionSnapshot())
        stopDescriptor = pump_eventfd()
    }

    deinit { if stopDescriptor >= 0 { close(stopDescriptor) } }

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

    /// Runs `body` on the session at the loop's next wake, publishes the session it left, then
    /// hands `resume` the result (all on the loop thread): the caller's next status shows the change.
    public func enqueue<Result>(
        _ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result, then resume: @escaping @Sendable (Result) -> Void
    ) {
        cycle.inbox.enqueue(cycle: { [self] cycle, now in
            let result = body(&cycle.session, now)
            publishSession()
            resume(result)
        })
    }

    /// Runs `body` on the cycle at the loop's next wake, publishes the session, then hands `resume`
    /// the result, as `enqueue(_:then:)` does.
    public func enqueue<Result>(
        cycle body: @escaping @Sendable (ControlCycle, ClockReading) -> Result, then resume: @escaping @Sendable (Result) -> Void
    ) {
        cycle.inbox.enqueue(cycle: { [self] cycle, now in
            let result = body(cycle, now)
            publishSession()
            resume(result)
        })
    }

    /// From now on, calls `observer` on the loop thread with every snapshot it publishes (replacing
    /// any observer before). It must not block: it runs inside the real-time wake.
    public func observePublications(_ observer: @escaping @Sendable (CycleSnapshot) -> Void) {
        self.observer.withLock { $0 = PublicationObserver(observer) }
    }

    /// Wake lateness over the timer wakes so far, computed now by the caller's thread (it scans
    /// the histogram: a status line's or a metrics write's cost, not the loop's).
    public var latenessSummary: LatenessSummary { lateness.summary() }

    /// Starts the thread; returns once the motor is in its safe state and the loop runs.
    ///
    /// - Throws: the error that kept the loop from starting (the motor could not be disabled, or
    ///   a descriptor could not be made); no thread then runs.
    public func start() throws(HardwareError) {
        guard stopDescriptor >= 0 else { throw .unsupported("eventfd for the loop's stop signal (errno \(-stopDescriptor))") }
        let context = Unmanaged.passRetained(self).toOpaque()
        var handle = pthread_t()
        let rc = pthread_create(&handle, nil, { context in
            let loop = Unmanaged<RealtimeLoop>.fromOpaque(context!).takeRetainedValue()
            loop.run()
            return nil
        }, context)
        guard rc == 0 else {
            Unmanaged<RealtimeLoop>.fromOpaque(context).release()
            throw .unsupported("a thread for the control loop (pthread_create: \(rc))")
        }
        thread = handle
        while true {
            if let outcome = startResult.withLock({ $0 }) {
                if let error = outcome { join(); throw error }
                return
            }
            usleep(200)
        }
    }

    /// Asks the loop to stop, waits for it: delivery stopped and the motor disabled. Returns the
    /// therapy session as the loop left it.
    @discardableResult
    public func stop() -> TherapySession {
        _ = pump_eventfd_signal(stopDescriptor)
        join()
        return cycle.session
    }

    private func join() {
        guard let thread else { return }
        pthread_join(thread, nil)
        self.thread = nil
    }

    private enum Tag: UInt64 { case timer = 0, command = 1, stop = 2 }

    private func run() {
        let latencyRequest = setUpRealtime()
        defer { if latencyRequest >= 0 { close(latencyRequest) } }
        let epoll = pump_epoll_create(), timer = pump_timerfd()
        defer {
            if epoll >= 0 { close(epoll) }
            if timer >= 0 { close(timer) }
        }
        let registered = [(timer, Tag.timer), (cycle.inbox.wakeDescriptor, .command), (stopDescriptor, .stop)]
            .allSatisfy { epoll >= 0 && $0.0 >= 0 && pump_epoll_add(epoll, $0.0, $0.1.rawValue) == 0 }
        guard registered else {
            startResult.withLock { $0 = .some(.unsupported("epoll/timerfd for the control loop (errno \(errno))")) }
            return
        }
        do {
            try cycle.start(at: clock.now())
            startResult.withLock { $0 = .some(nil) }
        } catch {
            startResult.withLock { $0 = .some(error) }
            return
        }
        var lastPublishedAt: Int64 = 0
        var lastMode = CycleSnapshot().mode, lastAlarms = AlarmKindSet()
        let tags = UnsafeMutablePointer<UInt64>.allocate(capacity: 16)
        defer { tags.deallocate() }
        var deadline = cycle.wake(at: clock.now())
        publishEvents()
        publishSession()
        var wakeEnded = SystemClock.monotonicNanoseconds()
        running: while true {
            // Wake at least every heartbeat interval, so an idle loop still shows it is alive.
            let realDeadline = min(clock.realDeadline(for: deadline) ?? Int64.max / 2, wakeEnded + Self.heartbeatInterval)
            // Arming resets the timer's expiry count, so a timer that fired is no longer readable
            // and needs no read() of its own. Only a failed arm could leave it readable: drain
            // it then, or every wait would return at once.
            if pump_timerfd_arm_absolute(timer, realDeadline) != 0 { _ = pump_timerfd_drain(timer) }
            let count = pump_epoll_wait(epoll, tags, 16, -1)
            let wokeAt = SystemClock.monotonicNanoseconds()
            if count < 0 { usleep(1_000) }  // never spin on a failing wait
            for i in 0..<Int(max(count, 0)) {
                switch Tag(rawValue: tags[i]) {
                case .timer:
                    lateness.record(UInt64(max(wokeAt - realDeadline, 0)))
                case .stop: break running
                case .command: cycle.inbox.acknowledgeWake()
                case .none: break
                }
            }
            sessions.withdraw()
            deadline = cycle.wake(at: clock.now())
            publishEvents()
            let (session, snapshot) = cycle.snapshots()
            sessions.publish(session)
            let changed = snapshot.mode != lastMode || snapshot.alarms != lastAlarms
            if changed || wokeAt - lastPublishedAt >= Self.publishInterval {
                published.withLock { $0 = snapshot }
                observer.withLock { $0 }?.call(snapshot)
                (lastMode, lastAlarms) = (snapshot.mode, snapshot.alarms)
                lastPublishedAt = wokeAt
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
        observer.withLock { $0 }?.call(final)
    }

    /// Applies the real-time options; returns the PM-QoS descriptor to keep open (or -1).
    private func setUpRealtime() -> Int32 {
        var latencyRequest: Int32 = -1
        if options.holdCPUWakeLatency {
            latencyRequest = open("/dev/cpu_dma_latency", O_WRONLY | O_CLOEXEC)
            var zero: Int32 = 0
            if latencyRequest < 0 || write(latencyRequest, &zero, 4) != 4 {
                onWarning("CPU wake-up latency not held at 0: /dev/cpu_dma_latency unavailable (errno \(errno))")
            }
        }
        if let cpu = options.cpu { do { try CPUAffinity.pinCallingThread(to: cpu) } catch { onWarning("control loop not pinned: \(error)") } }
        // Deadlines are exact instants: no slack for the kernel to coalesce wake-ups into.
        _ = pump_set_timer_slack(1)
        if let priority = options.priority {
            let rc = pump_set_fifo_priority(priority)
            if rc != 0 {
                onWarning("control loop stays SCHED_OTHER: SCHED_FIFO priority \(priority) refused (errno \(-rc)); grant LimitRTPRIO or CAP_SYS_NICE")
            }
        }
        if options.lockMemory {
            let rc = pump_lock_memory()
            if rc != 0 { onWarning("memory not locked: mlockall refused (errno \(-rc)); grant LimitMEMLOCK") }
        }
        return latencyRequest
    }

    private func publishEvents() {
        let events = cycle.takeEvents()
        if !events.isEmpty { onEvents(events) }
    }
}
