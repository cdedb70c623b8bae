internal import CPumpThreads
internal import Glibc

/// The state ``WorkerThreads``' threads share (they hold it, not the `WorkerThreads`, so its deinit
/// can finish them): the ready queue, the timed work, the thread counts, one mutex and three
/// conditions. Everything mutable is guarded by `mutex`.
///
/// Two kinds of thread: workers run the ready work; one keeper (started with the first timed work,
/// or with the first worker of a pool that may grow past `keeps`) sleeps until the earliest
/// deadline, makes due timed work ready, and, while work waits with every worker busy, starts
/// another worker once it has waited `starveAfter` (up to `width`): a pool's growth comes from
/// work that waits, not from every burst, and a worker never sleeps with a timeout unless it is
/// one of the extra ones, ending after `idleEnd`.
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
    /// Workers that stay however long they idle; those beyond end after `idleEnd` nanoseconds idle.
    let keeps: Int
    let idleEnd: Int64
    /// How long work waits with every worker busy before the keeper starts another.
    static let starveAfter: Int64 = 20_000_000

    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Idle workers wait here.
    private let workCondition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The keeper waits here, until the earliest deadline or a waiting piece's starvation.
    private let keeperCondition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// Broadcast when a `runAndWait` job is done and when the last thread ends.
    private let doneCondition = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)

    private var ready: [Work?] = []
    /// When each ready piece was handed over (CLOCK_MONOTONIC), beside `ready`.
    private var readySince: [Int64] = []
    private var head = 0
    private var timed: [Timed] = []  // by deadline, then by when scheduled
    private var nextTimedID: UInt64 = 0
    /// Workers and keeper alike, for `waitUntilEnded`.
    private var threads = 0
    private var workers = 0
    /// Workers started but not yet looking at the queue: each will take a piece of work.
    private var starting = 0
    private var idle = 0
    /// Signals sent to `workCondition` not yet taken by a waking worker.
    private var wakeTokens = 0
    private var keeperStarted = false
    private var keeperWaiting = false
    private var keeperWoken = false
    /// Until when the waiting keeper sleeps (it needs no wake for anything due later).
    private var keeperUntil = Int64.max
    private var finishing = false

    init(name: String, width: Int, keeps: Int, idleEnd: Int64) {
        self.name = name
        self.width = width
        self.keeps = keeps
        self.idleEnd = idleEnd
        pthread_mutex_init(mutex, nil)
        var attributes = pthread_condattr_t()
        pthread_condattr_init(&attributes)
        pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
        for condition in [workCondition, keeperCondition, doneCondition] { pthread_cond_init(condition, &attributes) }
        pthread_condattr_destroy(&attributes)
    }

    deinit {
        // Only once no thread holds the core any more.
        for condition in [workCondition, keeperCondition, doneCondition] {
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

    var threadCount: Int { locked { workers } }

    /// Hands `work` over, to run now (`delay` 0 or less) or after `delay` nanoseconds.
    func add(_ work: Work, delay: Int64) {
        if delay > 0 {
            let now = Self.monotonicNow()
            _ = schedule(work, at: delay > Int64.max - now ? Int64.max : now + delay)
            return
        }
        let now = Self.monotonicNow()
        locked {
            ready.append(work)
            readySince.append(now)
            wakeWorker()
        }
    }

    /// Under the lock, with work ready: an idle worker takes it, else a new one while fewer than
    /// `keeps` run, else the keeper watches it wait (and starts one if it waits too long).
    private func wakeWorker() {
        if idle > wakeTokens {
            wakeTokens += 1
            pthread_cond_signal(workCondition)
        } else if workers < keeps && ready.count - head > starting {
            startThread(keeper: false)
        } else if workers < width {
            if !keeperStarted {
                startThread(keeper: true)
            } else {
                wakeKeeper(for: readySince[head] + Self.starveAfter)
            }
        }
    }

    /// Under the lock: the keeper must look again at `due`.
    private func wakeKeeper(for due: Int64) {
        if keeperWaiting && !keeperWoken && due < keeperUntil {
            keeperWoken = true
            pthread_cond_signal(keeperCondition)
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
            if !keeperStarted {
                startThread(keeper: true)
            } else {
                wakeKeeper(for: deadline)
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
            pthread_cond_broadcast(keeperCondition)
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
    private func startThread(keeper: Bool) {
        threads += 1
        if keeper {
            keeperStarted = true
        } else {
            workers += 1
            starting += 1
        }
        let context = Unmanaged.passRetained(self).toOpaque()
        let body: @convention(c) (UnsafeMutableRawPointer?) -> Void =
            keeper
            ? { Unmanaged<WorkerCore>.fromOpaque($0!).takeRetainedValue().keepTime() }
            : { Unmanaged<WorkerCore>.fromOpaque($0!).takeRetainedValue().work() }
        let rc = pump_threads_start(body, context, name)
        if rc != 0 {
            threads -= 1
            if keeper { keeperStarted = false } else { workers -= 1; starting -= 1 }
            Unmanaged<WorkerCore>.fromOpaque(context).release()
            // Without any worker, nothing handed over would ever run.
            if workers == 0 && !keeper { fatalError("\(name): cannot start a thread (errno \(rc))") }
        }
    }

    /// Under the lock: the thread is done.
    private func end() {
        threads -= 1
        if threads == 0 { pthread_cond_broadcast(doneCondition) }
    }

    /// A worker's life: run what is ready, sleep (an extra worker ends once idle for `idleEnd`).
    private func work() {
        pthread_mutex_lock(mutex)
        starting -= 1
        while true {
            if head < ready.count {
                var next = ready[head]
                ready[head] = nil
                head += 1
                if head == ready.count {
                    ready.removeAll(keepingCapacity: true)
                    readySince.removeAll(keepingCapacity: true)
                    head = 0
                } else if head >= 64 && head * 2 >= ready.count {
                    ready.removeFirst(head)
                    readySince.removeFirst(head)
                    head = 0
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
            if finishing { break }
            idle += 1
            var timedOut = false
            if workers > keeps {
                let end = Self.monotonicNow() + idleEnd
                var until = timespec(tv_sec: Int(end / 1_000_000_000), tv_nsec: Int(end % 1_000_000_000))
                timedOut = pthread_cond_timedwait(workCondition, mutex, &until) == ETIMEDOUT
            } else {
                pthread_cond_wait(workCondition, mutex)
            }
            idle -= 1
            // A token back whether or not the wait timed out: a hand-over may have counted this
            // worker idle and signalled just as its wait ended; a token kept for it would leave the
            // next hand-over thinking a wake-up is on its way when none is (review, round 5).
            // Counting too few only costs a spurious signal, which workers tolerate.
            if wakeTokens > 0 { wakeTokens -= 1 }
            if timedOut && workers > keeps && head == ready.count { break }
        }
        workers -= 1
        end()
        pthread_mutex_unlock(mutex)
    }

    /// The keeper's life: make due timed work ready; start a worker for work that waits too long;
    /// sleep until the next of these is due (with neither, without a timeout).
    private func keepTime() {
        pthread_mutex_lock(mutex)
        while !finishing {
            let now = Self.monotonicNow()
            var due = 0
            while due < timed.count && timed[due].deadline <= now { due += 1 }
            if due > 0 {
                for entry in timed.prefix(due) {
                    ready.append(entry.work)
                    readySince.append(now)
                    wakeWorker()
                }
                timed.removeFirst(due)
            }
            var until = timed.first?.deadline ?? Int64.max
            if head < ready.count && idle <= wakeTokens && workers < width {
                let since = readySince[head]
                if now - since >= Self.starveAfter && starting == 0 {
                    startThread(keeper: false)
                    continue
                }
                // (While a worker is starting, it takes the piece; look again a little later.)
                until = min(until, max(since + Self.starveAfter, now + 1_000_000))
            }
            keeperWaiting = true
            keeperUntil = until
            if until == Int64.max {
                pthread_cond_wait(keeperCondition, mutex)
            } else {
                var deadline = timespec(tv_sec: Int(until / 1_000_000_000), tv_nsec: Int(until % 1_000_000_000))
                _ = pthread_cond_timedwait(keeperCondition, mutex, &deadline)
            }
            keeperWaiting = false
            keeperWoken = false
            keeperUntil = Int64.max
        }
        keeperStarted = false
        end()
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
