/// Threads pumpd owns, running the work handed to them: closures, Swift concurrency jobs (it is a
/// `TaskExecutor`, and `Task.sleep` on it waits on its timers) and timed work. It replaces
/// libdispatch's queues and worker pool in the daemon: Dispatch starts a worker-pool monitor (a
/// 1 s timer that never stops) with its first worker, and an idle pumpd must not wake for it.
///
/// Contract:
/// - Every piece of work handed over runs exactly once, on one of this object's threads, never on
///   the caller's. With `width` 1, work runs one at a time in the order it was handed over; with a
///   larger width, up to `width` pieces run at once, started in that order.
/// - Threads start only when needed, at SCHED_OTHER whatever the starting thread's policy, with
///   every signal blocked: a worker when work waits and none is idle or starting, up to `keeps`
///   (default: `width`); past `keeps`, when a piece has waited 20 ms with every worker busy (work
///   blocked on a hung disk never starves the rest of a wide pool for long), up to `width`; these
///   extra workers end once idle for `idleEnd`. One more thread keeps time, started with the
///   first timed work (or the first worker of a pool that may grow). An idle thread sleeps with
///   no timeout unless something is due: nothing wakes while nothing is due.
/// - Timed work (``schedule(atMonotonic:_:)``) becomes ready at its CLOCK_MONOTONIC deadline, never
///   before, in deadline order, once, whatever the workers are doing; a cancelled one never runs.
///   Once ready, it waits for a worker like any work.
/// - ``finish()`` (also at deinit): the threads run everything already ready, then end. Work
///   handed over later still runs (a worker starts for it); timed work still pending is dropped.
/// - Callers: any thread, including these threads themselves (except ``runAndWait(_:)``, which
///   would wait for itself).
public final class WorkerThreads: Sendable {
    let core: WorkerCore

    /// `name` (at most 15 bytes) names every thread (`/proc/PID/task/*/comm`); `width` (1 or more)
    /// is how many may run at once, `keeps` (default: all) how many stay while idle, the others
    /// ending after `idleEnd` nanoseconds idle.
    public init(name: String, width: Int = 1, keeps: Int? = nil, idleEnd: Int64 = 10_000_000_000) {
        let width = max(width, 1)
        core = WorkerCore(name: name, width: width, keeps: min(max(keeps ?? width, 1), width), idleEnd: max(idleEnd, 0))
    }

    deinit { core.finish() }

    /// Runs `body` on one of the threads, after the work handed over before it has started.
    public func run(_ body: @escaping @Sendable () -> Void) {
        core.add(.closure(body), delay: 0)
    }

    /// Runs `body` on one of the threads and blocks the caller until it returns: for a thread that
    /// must wait (the daemon's main thread at start and stop), never for a task. With width 1,
    /// after everything handed over before it.
    public func runAndWait<T, E: Error>(_ body: () throws(E) -> T) throws(E) -> T {
        try withoutActuallyEscaping(body) { (escapable) throws(E) -> T in
            let outcome = Outcome<T, E>()
            nonisolated(unsafe) let work = escapable
            core.runAndWait { outcome.result = Result { () throws(E) -> T in try work() } }
            return try outcome.result!.get()
        }
    }

    /// Runs `body` once the CLOCK_MONOTONIC clock reaches `deadline` (nanoseconds), unless
    /// cancelled first; returns what ``cancel(_:)`` takes.
    @discardableResult
    public func schedule(atMonotonic deadline: Int64, _ body: @escaping @Sendable () -> Void) -> TimedWork {
        core.schedule(.closure(body), at: deadline)
    }

    /// Withdraws timed work that has not become ready yet; whether it was withdrawn (false: it
    /// already ran or is about to, or was withdrawn before).
    @discardableResult
    public func cancel(_ work: TimedWork) -> Bool { core.cancel(work) }

    /// Lets the threads end once what is ready has run (see the contract).
    public func finish() { core.finish() }

    /// Blocks until ``finish()`` was called and every thread has ended (tests).
    public func waitUntilEnded() { core.waitUntilEnded() }

    /// Workers running now, the timekeeper aside (tests and diagnostics).
    public var threadCount: Int { core.threadCount }

    /// The current CLOCK_MONOTONIC time in nanoseconds: the clock deadlines are on.
    public static func monotonicNow() -> Int64 { WorkerCore.monotonicNow() }

    /// One piece of timed work, to cancel it.
    public struct TimedWork: Sendable, Hashable {
        let id: UInt64
    }
}

/// A result handed from a worker thread to the thread waiting for it (written before the
/// worker's signal under the core's lock, read after the wait).
private final class Outcome<T, E: Error>: @unchecked Sendable {
    var result: Result<T, E>?
}
