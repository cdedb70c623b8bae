import Dispatch
public import PumpStorage
import Synchronization

/// Runs the state database's blocking writes on one dedicated thread, one at a time, in the order
/// they were handed over.
///
/// A write blocks for at least one fsync, and for as long as the disk takes when it is frozen or
/// failing. Run on a Swift concurrency thread, a hung write would hold one of the few threads the
/// API and the storage watchdog need (two on a 2-core board), so nothing would answer while it
/// hangs. Here it holds only this queue's thread; `busyFor` lets the watchdog see how long.
/// Callers: any task.
public final class StorageWriter: Sendable {
    private let queue = DispatchQueue(label: "pumpd.storage.writer")
    /// CLOCK_MONOTONIC nanoseconds at which the write in progress began; 0 while none is.
    private let startedAt = Atomic<Int64>(0)
    /// Writes handed over and not yet finished (running or waiting).
    private let outstanding = Atomic<Int>(0)

    /// Runs `work` on the writer thread after the writes handed over before it, and returns its
    /// result. The calling task is suspended, not blocked, meanwhile.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws(StorageError) -> T) async throws(StorageError) -> T {
        outstanding.add(1, ordering: .relaxed)
        let outcome: Result<T, StorageError> = await withCheckedContinuation { continuation in
            queue.async { [self] in
                startedAt.store(StateKeeper.realNow(), ordering: .releasing)
                let outcome = Result { () throws(StorageError) -> T in try work() }
                startedAt.store(0, ordering: .releasing)
                outstanding.subtract(1, ordering: .relaxed)
                continuation.resume(returning: outcome)
            }
        }
        return try outcome.get()
    }

    /// Runs `work` on the writer thread and blocks the caller until it is done: for the daemon's
    /// main thread at start and stop, never for a Swift concurrency thread.
    func runBlocking<T>(_ work: () throws(StorageError) -> T) throws(StorageError) -> T {
        try queue.sync { Result { () throws(StorageError) -> T in try work() } }.get()
    }

    /// How long the write in progress has been running at `now` (CLOCK_MONOTONIC nanoseconds);
    /// 0 while none is.
    public func busyFor(now: Int64) -> Int64 {
        let started = startedAt.load(ordering: .acquiring)
        return started == 0 ? 0 : max(now - started, 0)
    }

    /// Whether any write is running or waiting.
    public var isBusy: Bool { outstanding.load(ordering: .relaxed) > 0 }
}
