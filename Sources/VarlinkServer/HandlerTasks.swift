import Synchronization

/// The handler tasks that are running, so shutdown can cancel them and wait for them.
final class HandlerTasks: Sendable {
    private struct State {
        var nextID: UInt64 = 0
        var running: [UInt64: Task<Void, Never>] = [:]
    }

    private let state = Mutex(State())
    private let executor: (any TaskExecutor)?

    /// Handler tasks prefer `executor` (nil: the global concurrent executor).
    init(executor: (any TaskExecutor)?) {
        self.executor = executor
    }

    /// Starts `body` in a task of its own and tracks it until it returns.
    func spawn(_ body: @escaping @Sendable () async -> Void) -> Task<Void, Never> {
        // The task's own removal takes the lock too, so it cannot run before the insertion.
        state.withLock { state in
            let id = state.nextID
            state.nextID += 1
            let task = Task(executorPreference: executor) {
                await body()
                self.state.withLock { _ = $0.running.removeValue(forKey: id) }
            }
            state.running[id] = task
            return task
        }
    }

    func cancelAll() {
        for task in state.withLock({ Array($0.running.values) }) { task.cancel() }
    }

    /// Waits until no task runs or `limit` has passed (a handler that ignores cancellation must not
    /// block shutdown forever).
    func waitUntilFinished(within limit: Duration) async {
        let deadline = ContinuousClock.now + limit
        while !state.withLock({ $0.running.isEmpty }) && ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(5))
        }
    }
}
