public import PumpStorage
import PumpThreads
import Synchronization

/// Runs the state database's blocking writes on one dedicated thread (pumpd's own, started at the
/// first write), one at a time, in the order they were handed over.
///
/// A write blocks for at least one fsync, and for as long as the disk takes when it is frozen or
/// failing. Run on a Swift concurrency thread, a hung write would hold one of the few threads the
/// API and the storage watchdog need (two on a 2-core board), so nothing would answer while it
/// hangs. Here it holds only this thread; `busyFor` lets the watchdog see how long the
/// oldest write handed over has waited. Callers: any task.
public final class StorageWriter: Sendable {
    private let thread = WorkerThreads(name: "pumpd-writer")
    /// CLOCK_MONOTONIC nanoseconds at which each write not yet finished was handed over, oldest
    /// first (the thread runs them in that order).
    private let handedOver = Mutex<[Int64]>([])
    /// Rung when a write is handed to an idle writer: the storage watchdog sleeps on it, so it
    /// times every write from its handover without waking while nothing is written.
    let handedToIdle = Doorbell()

    private func handOver() {
        let first = handedOver.withLock { writes in
            writes.append(StateKeeper.realNow())
            return writes.count == 1
        }
        if first { handedToIdle.ring() }
    }

    /// Runs `work` on the writer thread after the writes handed over before it, and returns its
    /// result. The calling task is suspended, not blocked, meanwhile.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws(StorageError) -> T) async throws(StorageError) -> T {
        let outcome: Result<T, StorageError> = await withCheckedContinuation { continuation in
            handOver()
            thread.run { [self] in
                let outcome = Result { () throws(StorageError) -> T in try work() }
                _ = handedOver.withLock { $0.removeFirst() }
                continuation.resume(returning: outcome)
            }
        }
        return try outcome.get()
    }

    /// Hands `work` to the writer thread after the writes handed over before it, without waiting
    /// for it: no task and no continuation, so nothing but the writer's thread wakes for it. The
    /// watchdog counts it as any write.
    func submit(_ work: @escaping @Sendable () throws(StorageError) -> Void) {
        handOver()
        thread.run { [self] in
            _ = Result { () throws(StorageError) in try work() }
            _ = handedOver.withLock { $0.removeFirst() }
        }
    }

    /// Runs `work` on the writer thread and blocks the caller until it is done: for the daemon's
    /// main thread at start and stop, never for a Swift concurrency thread.
    func runBlocking<T>(_ work: () throws(StorageError) -> T) throws(StorageError) -> T {
        try thread.runAndWait(work)
    }

    /// How long the oldest write not yet finished has been waiting or running at `now`
    /// (CLOCK_MONOTONIC nanoseconds); 0 while none is. Writes that each stay within a bound but
    /// pile up behind each other count too: it is the delay of the oldest change to disk.
    public func busyFor(now: Int64) -> Int64 {
        guard let oldest = oldestHandover else { return 0 }
        return max(now - oldest, 0)
    }

    /// When (CLOCK_MONOTONIC nanoseconds) the oldest write not yet finished was handed over; nil
    /// while none is.
    public var oldestHandover: Int64? { handedOver.withLock { $0.first } }

    /// Whether any write is running or waiting.
    public var isBusy: Bool { handedOver.withLock { !$0.isEmpty } }
}
