internal import CPumpThreads
internal import Glibc

/// The state ``WorkerThreads``' threads share (they hold it, not the `WorkerThreads`, so its deinit
/// can finish them): the ready queue, the timed work, the thread counts, one mutex and three
/// conditions. Everything mutable is guarded by `mutex`.
final class WorkerCore: @unchecked Sendable {
    enum Work {
        case closure(@Sendable () -> Void)
        case job(UnownedJob)
        /// A `runAndWait` body, and the flag set (under the lock, once the body is released) for
        /// the thread waiting for it.
        case waited(@Sendable () -> Void, UnsafeMutablePointer<Bool>)
    }

    private struct Timed {
        let deadline: Int64
        let id: UInt64
        let work: Work
    }

    let name: String
    let width: Int
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Idle threads without a deadline wait here.
    private let workCondition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The one idle thread keeping time for the timed work waits here, until the earliest deadline.
    private let timerCondition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Broadcast when a `runAndWait` job is done and when the last thread ends.
    private let doneCondition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private var ready: [Work?] = []
    private var head = 0
    private var timed: [Timed] = []  // by deadline, then by when scheduled
    private var nextTimedID: UInt64 = 0
    private var threads = 0
    private var idleUntimed = 0
    /// Signals sent to `workCondition` not yet taken by a waking thread.
    private var wakeTokens = 0
    private var timekeeperIdle = false
    private var timekeeperWoken = false
    private var finishing = false

    init(name: String, width: Int) {
        self.name = name
        self.width = width
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        for condition in [workCondition, timerCondition, doneCondition] { pthread_cond_init(condition, &attributes) }
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        // Only once no thread holds the core any more.
        for condition in [workCondition, timerCondition, doneCondition] {
            pthread_cond_destroy(condition)
            condition.deallocate()
        }
        pthread_mutex_destroy(mutex)
        mutex.deallocate()
    }

    static func monotonicNow() -> Int64 {
        var now = timespec()
        clock_gettime(CLOCK_MONOTONIC, &now)
        return Int64(now.tv_sec) * 1_000_000_000 + Int64(now.tv_nsec)
    }

    private func locked<T>(_ body: () -> T) -> T {
        pthread_mutex_lock(mutex)
        defer { pthread_mutex_unlock(mutex) }
        return body()
    }

    var threadCount: Int { locked { threads } }

    /// Hands `work` over, to run now (`delay` 0 or less) or after `delay` nanoseconds.
    func add(_ work: Work, delay: Int64) {
        if delay > 0 {
            let now = Self.monotonicNow()
            _ = schedule(work, at: delay > Int64.max - now ? Int64.max : now + delay)
            return
        }
        locked {
            ready.append(work)
            wakeOne()
        }
    }

    /// Under the lock: gets one thread to look at the queue: an idle one, else a new one.
    private func wakeOne() {
        if idleUntimed > wakeTokens {
            wakeTokens += 1
            pthread_cond_signal(workCondition)
        } else if timekeeperIdle && !timekeeperWoken {
            timekeeperWoken = true
            pthread_cond_signal(timerCondition)
        } else if threads < width {
            startThread()
        }
    }

    func schedule(_ work: Work, at deadline: Int64) -> WorkerThreads.TimedWork {
        locked {
            nextTimedID += 1
            if finishing { return WorkerThreads.TimedWork(id: nextTimedID) }  // dropped, as at finish
            let entry = Timed(deadline: deadline, id: nextTimedID, work: work)
            var low = 0
            var high = timed.count
            while low < high {
                let middle = (low + high) / 2
                if timed[middle].deadline <= deadline { low = middle + 1 } else { high = middle }
            }
            timed.insert(entry, at: low)
            if low == 0 {
                // A new earliest deadline: the timekeeper re-reads it, or a thread becomes one.
                if timekeeperIdle {
                    if !timekeeperWoken {
                        timekeeperWoken = true
                        pthread_cond_signal(timerCondition)
                    }
                } else {
                    wakeOne()
                }
            }
            return WorkerThreads.TimedWork(id: entry.id)
        }
    }

    func cancel(_ work: WorkerThreads.TimedWork) -> Bool {
        locked {
            guard let index = timed.firstIndex(where: { $0.id == work.id }) else { return false }
            timed.remove(at: index)
            return true
        }
    }

    func finish() {
        locked {
            finishing = true
            timed.removeAll()
            pthread_cond_broadcast(workCondition)
            pthread_cond_broadcast(timerCondition)
        }
    }

    func waitUntilEnded() {
        locked {
            while !(finishing && threads == 0) { pthread_cond_wait(doneCondition, mutex) }
        }
    }

    func runAndWait(_ body: @escaping @Sendable () -> Void) {
        let done = UnsafeMutablePointer<Bool>.allocate(capacity: 1)
        done.initialize(to: false)
        defer { done.deallocate() }
        add(.waited(body, done), delay: 0)
        locked {
            while !done.pointee { pthread_cond_wait(doneCondition, mutex) }
        }
    }

    /// Under the lock.
    private func startThread() {
        threads += 1
        let context = Unmanaged.passRetained(self).toOpaque()
        let rc = pump_threads_start({ context in
            Unmanaged<WorkerCore>.fromOpaque(context!).takeRetainedValue().work()
        }, context, name)
        if rc != 0 {
            threads -= 1
            Unmanaged<WorkerCore>.fromOpaque(context).release()
            // Without any thread, nothing handed over would ever run.
            if threads == 0 { fatalError("\(name): cannot start a thread (errno \(rc))") }
        }
    }

    /// A thread's life: run what is ready, turn due timed work into ready work, sleep.
    private func work() {
        pthread_mutex_lock(mutex)
        while true {
            if head < ready.count {
                var next = ready[head]
                ready[head] = nil
                head += 1
                if head == ready.count {
                    ready.removeAll(keepingCapacity: true)
                    head = 0
                } else if head >= 64 && head * 2 >= ready.count {
                    ready.removeFirst(head)
                    head = 0
                }
                // Leaving: another idle thread keeps time meanwhile.
                if !timed.isEmpty && !timekeeperIdle && idleUntimed > wakeTokens {
                    wakeTokens += 1
                    pthread_cond_signal(workCondition)
                }
                pthread_mutex_unlock(mutex)
                var waiting: UnsafeMutablePointer<Bool>?
                if case .waited(_, let flag) = next { waiting = flag }
                run(next!)
                next = nil  // released before the waiter may return (its body must not outlive the wait)
                pthread_mutex_lock(mutex)
                if let waiting {
                    waiting.pointee = true
                    pthread_cond_broadcast(doneCondition)
                }
                continue
            }
            if let first = timed.first, first.deadline <= Self.monotonicNow() {
                let now = Self.monotonicNow()
                let due = timed.prefix { $0.deadline <= now }
                timed.removeFirst(due.count)
                ready.append(contentsOf: due.map(\.work))
                continue
            }
            if finishing { break }
            if !timekeeperIdle, let first = timed.first {
                timekeeperIdle = true
                var until = timespec(tv_sec: Int(first.deadline / 1_000_000_000), tv_nsec: Int(first.deadline % 1_000_000_000))
                _ = pthread_cond_timedwait(timerCondition, mutex, &until)
                timekeeperIdle = false
                timekeeperWoken = false
            } else {
                idleUntimed += 1
                pthread_cond_wait(workCondition, mutex)
                idleUntimed -= 1
                if wakeTokens > 0 { wakeTokens -= 1 }
            }
        }
        threads -= 1
        if threads == 0 { pthread_cond_broadcast(doneCondition) }
        pthread_mutex_unlock(mutex)
    }

    private func run(_ work: Work) {
        switch work {
        case .closure(let body): body()
        case .job(let job): job.runSynchronously(on: asUnownedTaskExecutor())
        case .waited(let body, _): body()
        }
    }
}
