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
/// Enqueueing takes a short lock and bumps the loop's wake word (a futex) so a sleeping loop wakes
/// within its scheduling latency; the loop never waits on a client.
///
/// `@unchecked Sendable`: the wake word is touched only through the C shim's atomic operations.
public final class CommandInbox: @unchecked Sendable {
    public typealias Command = @Sendable (inout TherapySession, ClockReading) -> Void
    /// A command on the whole cycle: its sensor judgement as well as its session.
    public typealias CycleCommand = @Sendable (ControlCycle, ClockReading) -> Void

    private let queue = Mutex<[CycleCommand]>([])
    /// Bumped after every enqueue (`pump_wake_word_signal`): the real-time loop sleeps on it.
    let wakeWord: UnsafeMutablePointer<UInt32>

    public init() {
        wakeWord = .allocate(capacity: 1)
        wakeWord.initialize(to: 0)
    }

    deinit { wakeWord.deallocate() }

    public func enqueue(_ command: @escaping Command) {
        enqueue(cycle: { cycle, now in command(&cycle.session, now) })
    }

    /// Enqueues a command that the loop thread runs on the cycle itself.
    public func enqueue(cycle command: @escaping CycleCommand) {
        queue.withLock { $0.append(command) }
        signalWake()
    }

    /// Whether a command is waiting (any thread; a short uncontended lock, no allocation). The loop
    /// asks before a wake that would only drive the alarm outputs.
    public var hasPending: Bool { queue.withLock { !$0.isEmpty } }

    /// The wake word now: the loop reads it before a wake drains the queue, and sleeps only while
    /// the word still holds it, so a command enqueued after that read wakes it at once.
    var wakeSignal: UInt32 { pump_wake_word_load(wakeWord) }

    /// Wakes the loop (after every enqueue, and to stop it).
    func signalWake() { pump_wake_word_signal(wakeWord) }

    /// Takes every waiting command, oldest first (loop thread only).
    func drain(into buffer: inout [CycleCommand]) {
        queue.withLock { pending in
            guard !pending.isEmpty else { return }
            swap(&buffer, &pending)
        }
    }
}
