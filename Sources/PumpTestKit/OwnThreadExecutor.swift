import Foundation

/// A task executor backed by one thread of its own, for tests that block (sockets, `waitpid`,
/// sleeps) without starving Swift concurrency's cooperative threads.
///
/// Unlike handing work to a bare `Thread`, work run through `onOwnThread` stays part of the calling
/// task: its task-locals go with it, so a Swift Testing expectation inside is attributed to the test
/// that made it. An expectation evaluated on a bare thread belongs to no test, and Swift Testing
/// then reports it to every running test, failing unrelated ones.
public final class OwnThreadExecutor: TaskExecutor, @unchecked Sendable {
    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var finished = false

    private static let marker = "PumpTestKit.OwnThreadExecutor"

    /// True on a thread that an `OwnThreadExecutor` runs.
    public static var isRunningOnOne: Bool { Thread.current.threadDictionary[marker] != nil }

    /// Starts the thread, with `stackSize` bytes of stack.
    public init(stackSize: Int = 8 << 20) {
        let thread = Thread { [self] in run() }
        thread.stackSize = stackSize
        thread.start()
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    /// Lets the thread end once the jobs already handed over have run.
    public func shutdown() {
        condition.lock()
        finished = true
        condition.signal()
        condition.unlock()
    }

    private func run() {
        Thread.current.threadDictionary[Self.marker] = true
        while true {
            condition.lock()
            while jobs.isEmpty && !finished { condition.wait() }
            if jobs.isEmpty {
                condition.unlock()
                return
            }
            let job = jobs.removeFirst()
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// Runs blocking `work` on a thread of its own, carrying the calling task's task-locals (see
/// `OwnThreadExecutor`).
public func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () throws -> Result) async throws -> Result {
    let executor = OwnThreadExecutor()
    defer { executor.shutdown() }
    // `Task.init` (unlike `Task.detached`) copies the caller's task-locals.
    return try await Task(executorPreference: executor) { try work() }.value
}

/// Runs blocking `work` on a thread of its own, carrying the calling task's task-locals (see
/// `OwnThreadExecutor`).
public func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    let executor = OwnThreadExecutor()
    defer { executor.shutdown() }
    return await Task(executorPreference: executor) { work() }.value
}
