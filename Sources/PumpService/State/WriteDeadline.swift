public import PumpCore
import Synchronization

/// Waits for a task's value for at most a bound: how a change's reply is answered within the
/// profile's write bound even when storage hangs. The task goes on either way, so a write that
/// completes late is still published (or, if it fails, kept for the next write).
enum WriteDeadline {
    /// `task`'s value, or nil when it is not done within `limit`.
    static func value<T: Sendable>(of task: Task<T, Never>, within limit: TimeSpan) async -> T? {
        let answered = Mutex(false)
        let claim: @Sendable () -> Bool = { answered.withLock { done in defer { done = true }; return !done } }
        return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
            let timer = Task {
                try? await Task.sleep(nanoseconds: UInt64(max(limit.nanoseconds, 0)))
                if claim() { continuation.resume(returning: nil) }
            }
            Task {
                let value = await task.value
                timer.cancel()
                if claim() { continuation.resume(returning: value) }
            }
        }
    }
}
