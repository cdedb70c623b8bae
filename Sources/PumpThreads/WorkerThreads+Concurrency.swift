@_spi(ExperimentalScheduling) import _Concurrency
internal import Glibc
internal import CPumpThreads

// Swift concurrency jobs run as jobs of a task executor (the runtime's generic serial executor
// stays theirs, as on the global pool), so `Task.sleep` in them finds this scheduling executor as
// the active one and waits on its timers rather than on libdispatch's (Swift 6.3 sends a sleep
// to the active task executor when it schedules, else straight to Dispatch, past the hooks).
extension WorkerCore: TaskExecutor, SchedulingExecutor {
    func enqueue(_ job: consuming ExecutorJob) {
        add(.job(UnownedJob(job)), delay: 0)
    }

    func enqueue<C: Clock>(_ job: consuming ExecutorJob, after delay: C.Duration, tolerance: C.Duration?, clock: C) {
        // Only the standard clocks (Duration) hand their sleeps to an executor.
        let nanoseconds = (delay as? Duration).map(Self.nanoseconds(of:)) ?? 0
        add(.job(UnownedJob(job)), delay: nanoseconds)
    }

    static func nanoseconds(of duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        let (whole, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        if overflow { return seconds < 0 ? Int64.min : Int64.max }
        let (total, overflowAgain) = whole.addingReportingOverflow(attoseconds / 1_000_000_000)
        return overflowAgain ? Int64.max : total
    }
}

extension WorkerThreads: TaskExecutor {
    public func enqueue(_ job: consuming ExecutorJob) { core.enqueue(job) }

    /// The core's, so a job run here sees the core, a scheduling executor, as its task executor.
    public func asUnownedTaskExecutor() -> UnownedTaskExecutor { core.asUnownedTaskExecutor() }
}

extension WorkerThreads {
    /// The threads the daemon's Swift concurrency runs on once ``takeOverSwiftConcurrency()`` has
    /// routed the global executor here (and the doorbells' timers, in any process): one worker
    /// per CPU (at least two) kept; when work has waited 20 ms with all of them busy, more (up to
    /// 64, as libdispatch's pool), so tasks blocked in reads on a hung disk never starve the
    /// storage watchdog or the API; the extra ones end after 10 s idle.
    public static let shared = WorkerThreads(
        name: "pumpd-async", width: 64, keeps: max(2, sysconf(Int32(_SC_NPROCESSORS_ONLN))))

    /// Routes Swift concurrency's global executor (every task without an executor of its own,
    /// every actor's jobs and every sleep) to ``shared``, so libdispatch never starts a worker.
    /// Call first thing in `main`, before any task is created; false when the runtime's hooks
    /// were already taken (nothing then changed: Dispatch runs the tasks).
    public static func takeOverSwiftConcurrency() -> Bool {
        pump_threads_take_over_global_executor(enqueueFromRuntime) == 1
    }
}

/// The runtime's global enqueue, with the job's delay (0: now).
private let enqueueFromRuntime: pump_threads_enqueue_fn = { job, delay in
    WorkerThreads.shared.core.add(.job(unsafeBitCast(job, to: UnownedJob.self)), delay: delay)
}
