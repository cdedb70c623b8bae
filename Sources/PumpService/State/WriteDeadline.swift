public import PumpCore
import Synchronization

/// Waits for a task's value for at most a bound: how a change's reply is answered within the
/// profile's write bound even when storage hangs. The task goes on either way, so a write that
/// completes late is still published (or, if it fails, kept for the next write).
enum WriteDeadline {
    /// `task`'s value, or nil when it is not done within `limit`. `finished` says whether the
    /// work itself ended (set on the thread that did it): when it did, the value is waited for
    /// even past the limit, so busy Swift threads that resume the task late never turn a write
    /// that met its bound into a timeout.
    static func value<T: Sendable>(of task: Task<T, Never>, within limit: TimeSpan, finished: @escaping @Sendable () -> Bool) async -> T? {
        let answered = Mutex(false)
        let claim: @Sendable () -> Bool = { answered.withLock { done in defer { done = true }; return !done } }
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(max(limit.nanoseconds, 0)))
                if !finished() && claim() { continuation.resume(returning: nil) }
            }
            Task {
                let value = await task.value
                timer.cancel()
                if claim() { continuation.resume(returning: value) }
            }
        }
    }
}
