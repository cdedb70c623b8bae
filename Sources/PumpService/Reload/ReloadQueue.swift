/// Runs reloads one at a time, in the order they were asked for (SIGHUP and io.pumpd.Pump.Reload
/// alike): a reload compares the running profile with the one on disk and replaces it, so two at
/// once could judge against a profile the other is replacing.
actor ReloadQueue {
    private var tail: Task<Void, Never>?

    /// Runs `work` after every reload queued before it has finished; returns its result.
    func run<Result: Sendable>(_ work: @escaping @Sendable () async -> Result) async -> Result {
        let previous = tail
        let task = Task {
            await previous?.value
            return await work()
        }
        tail = Task { _ = await task.value }
        return await task.value
    }
}
