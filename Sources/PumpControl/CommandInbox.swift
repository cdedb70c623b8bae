import CPumpSys
#if canImport(Glibc)
import Glibc
#endif
public import PumpCore
import Synchronization

/// Commands for the control loop from other threads (the API): each runs on the loop thread
/// against the therapy session (or, for a reload, the cycle itself), at the loop's next wake, in
/// the order they were enqueued.
///
/// Enqueueing takes a short lock and writes an eventfd so a sleeping loop wakes within its
/// scheduling latency; the loop never waits on a client.
public final class CommandInbox: Sendable {
    public typealias Command = @Sendable (inout TherapySession, ClockReading) -> Void
    /// A command on the whole cycle: its sensor judgement as well as its session.
    public typealias CycleCommand = @Sendable (ControlCycle, ClockReading) -> Void

    private let queue = Mutex<[CycleCommand]>([])
    /// An eventfd that becomes readable when commands are waiting.
    public let wakeDescriptor: Int32

    public init() {
        let fd = pump_eventfd()
        precondition(fd >= 0, "eventfd failed: \(-fd)")
        wakeDescriptor = fd
    }

    deinit { close(wakeDescriptor) }

    public func enqueue(_ command: @escaping Command) {
        enqueue(cycle: { cycle, now in command(&cycle.session, now) })
    }

    /// Enqueues a command that the loop thread runs on the cycle itself.
    public func enqueue(cycle command: @escaping CycleCommand) {
        queue.withLock { $0.append(command) }
        _ = pump_eventfd_signal(wakeDescriptor)
    }

    /// Whether a command is waiting (any thread; a short uncontended lock, no allocation). The loop
    /// asks before a wake that would only drive the alarm outputs.
    public var hasPending: Bool { queue.withLock { !$0.isEmpty } }

    /// Resets the wake signal; the loop calls it when epoll reported `wakeDescriptor` readable,
    /// before its wake drains the queue. Every command enqueued before the reset is in the queue by
    /// then (append, then signal), and one enqueued after it signals again, so none waits unwoken.
    /// Never called on a virtual clock, where nothing sleeps on the descriptor: an empty `read()`
    /// at every wake cost 17.5 % of a soak (issue 13).
    func acknowledgeWake() {
        _ = pump_eventfd_drain(wakeDescriptor)
    }

    /// Takes every waiting command, oldest first (loop thread only).
    func drain(into buffer: inout [CycleCommand]) {
        queue.withLock { pending in
            guard !pending.isEmpty else { return }
            swap(&buffer, &pending)
        }
    }
}
