import Glibc
import PumpThreads
import Synchronization
import Testing

/// `WorkerThreads`' contract: every piece of work once, in order on one thread, beside a blocked
/// one with more, a drain at finish, timed work never before its deadline and never once
/// cancelled, and Swift concurrency's jobs and sleeps on its own threads.
@Suite struct WorkerThreadsTests {
    /// The calling thread's name (`/proc/self/task/TID/comm`).
    static func threadName() -> String {
        let fd = open("/proc/thread-self/comm", O_RDONLY)
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: 32)
        let count = read(fd, &bytes, bytes.count)
        return String(decoding: bytes.prefix(max(count, 0)), as: UTF8.self).trimmingSuffix("\n")
    }

    @Test func oneThreadRunsEveryPieceOfWorkOnceInTheOrderHandedOver() {
        let threads = WorkerThreads(name: "test-order")
        let seen = Mutex<[Int]>([])
        for number in 0..<2_000 { threads.run { seen.withLock { $0.append(number) } } }
        threads.runAndWait {}
        #expect(seen.withLock { $0 } == Array(0..<2_000))
        #expect(threads.threadCount == 1)
    }

    @Test func workRunsOnTheNamedThreadNeverOnTheCaller() {
        let threads = WorkerThreads(name: "test-named")
        let name = threads.runAndWait { Self.threadName() }
        #expect(name == "test-named")
    }

    @Test func runAndWaitReturnsTheValueAndThrowsTheError() {
        struct Refused: Error, Equatable {}
        let threads = WorkerThreads(name: "test-wait")
        #expect(threads.runAndWait { 42 } == 42)
        #expect(throws: Refused()) { try threads.runAndWait { () throws(Refused) -> Int in throw Refused() } }
    }

    @Test func aWiderPoolRunsOtherWorkBesideABlockedPiece() {
        let threads = WorkerThreads(name: "test-wide", width: 2)
        let released = Mutex(false)
        let done = Mutex(false)
        // The first piece waits until the second has run: with one thread it never would.
        threads.run {
            while !released.withLock({ $0 }) { usleep(1_000) }
            done.withLock { $0 = true }
        }
        threads.run { released.withLock { $0 = true } }
        threads.finish()
        threads.waitUntilEnded()
        #expect(done.withLock { $0 })
    }

    @Test func finishRunsEverythingAlreadyHandedOverThenEndsTheThreads() {
        let threads = WorkerThreads(name: "test-drain")
        let count = Mutex(0)
        threads.run { usleep(20_000) }
        for _ in 0..<500 { threads.run { count.withLock { $0 += 1 } } }
        threads.finish()
        threads.waitUntilEnded()
        #expect(count.withLock { $0 } == 500)
        #expect(threads.threadCount == 0)
    }

    @Test func workHandedOverAfterFinishStillRuns() {
        let threads = WorkerThreads(name: "test-late")
        threads.finish()
        #expect(threads.runAndWait { 7 } == 7)
    }

    @Test func timedWorkRunsOnceNeverBeforeItsDeadline() {
        let threads = WorkerThreads(name: "test-timer")
        let fired = Mutex<[Int64]>([])
        let deadline = WorkerThreads.monotonicNow() + 30_000_000
        threads.schedule(atMonotonic: deadline) { fired.withLock { $0.append(WorkerThreads.monotonicNow()) } }
        while fired.withLock({ $0.isEmpty }) { usleep(1_000) }
        usleep(50_000)
        let times = fired.withLock { $0 }
        #expect(times.count == 1)
        #expect(times.allSatisfy { $0 >= deadline })
    }

    @Test func timedWorkRunsInDeadlineOrderWhateverTheOrderScheduled() {
        let threads = WorkerThreads(name: "test-timers")
        let fired = Mutex<[Int]>([])
        let now = WorkerThreads.monotonicNow()
        for (number, offset) in [(3, 30), (1, 10), (4, 40), (2, 20)] {
            threads.schedule(atMonotonic: now + Int64(offset) * 1_000_000) { fired.withLock { $0.append(number) } }
        }
        while fired.withLock({ $0.count }) < 4 { usleep(1_000) }
        #expect(fired.withLock { $0 } == [1, 2, 3, 4])
    }

    @Test func cancelledTimedWorkNeverRunsAndARearmedOneRunsOnce() {
        let threads = WorkerThreads(name: "test-cancel")
        let fired = Mutex<[String]>([])
        let now = WorkerThreads.monotonicNow()
        let first = threads.schedule(atMonotonic: now + 10_000_000) { fired.withLock { $0.append("first") } }
        #expect(threads.cancel(first))
        threads.schedule(atMonotonic: now + 20_000_000) { fired.withLock { $0.append("rearmed") } }
        // Past both deadlines, and a later marker has run: the first would have run before it.
        threads.schedule(atMonotonic: now + 40_000_000) { fired.withLock { $0.append("marker") } }
        while !fired.withLock({ $0.contains("marker") }) { usleep(1_000) }
        #expect(fired.withLock { $0 } == ["rearmed", "marker"])
        #expect(!threads.cancel(first))
    }

    @Test func anEarlierDeadlineScheduledWhileTheTimekeeperWaitsForALaterOneRunsFirst() {
        let threads = WorkerThreads(name: "test-earlier")
        let fired = Mutex<[String]>([])
        let now = WorkerThreads.monotonicNow()
        threads.schedule(atMonotonic: now + 3_600_000_000_000) { fired.withLock { $0.append("hour") } }
        usleep(10_000)  // the thread now waits for the hour
        threads.schedule(atMonotonic: now + 20_000_000) { fired.withLock { $0.append("soon") } }
        while fired.withLock({ $0.isEmpty }) { usleep(1_000) }
        #expect(fired.withLock { $0 } == ["soon"])
    }

    @Test func timedWorkPendingAtFinishIsDropped() {
        let threads = WorkerThreads(name: "test-dropped")
        let fired = Mutex(false)
        threads.schedule(atMonotonic: WorkerThreads.monotonicNow() + 10_000_000) { fired.withLock { $0 = true } }
        threads.finish()
        threads.waitUntilEnded()
        usleep(30_000)
        #expect(!fired.withLock { $0 })
    }

    @Test func tasksPreferringItRunAndSleepOnItsThreads() async throws {
        let threads = WorkerThreads(name: "test-tasks", width: 2)
        let names = try await Task(executorPreference: threads) {
            var names = [Self.threadName()]
            try await Task.sleep(for: .milliseconds(5))
            names.append(Self.threadName())
            try await Task.sleep(nanoseconds: 5_000_000)
            names.append(Self.threadName())
            return names
        }.value
        #expect(names == ["test-tasks", "test-tasks", "test-tasks"])
    }
}

extension String {
    fileprivate func trimmingSuffix(_ suffix: String) -> String { hasSuffix(suffix) ? String(dropLast(suffix.count)) : self }
}

@Suite struct WorkerThreadsGrowthTests {
    @Test func aPoolWhoseKeptThreadsAreBlockedStartsMoreThenEndsThemOnceIdle() {
        let threads = WorkerThreads(name: "test-grow", width: 4, keeps: 1, idleEnd: 20_000_000)
        let released = Mutex(false)
        let started = Mutex(0)
        // Three pieces that each wait for the release: only three threads at once can start them.
        for _ in 0..<3 {
            threads.run {
                started.withLock { $0 += 1 }
                while !released.withLock({ $0 }) { usleep(1_000) }
            }
        }
        while started.withLock({ $0 }) < 3 { usleep(1_000) }
        #expect(threads.threadCount == 3)
        released.withLock { $0 = true }
        // The two beyond the kept one end once idle; the kept one stays.
        while threads.threadCount > 1 { usleep(5_000) }
        usleep(60_000)
        #expect(threads.threadCount == 1)
        #expect(threads.runAndWait { 1 } == 1)
    }

    @Test func aPoolNeverRunsMoreThanItsWidthAtOnce() {
        let threads = WorkerThreads(name: "test-width", width: 2)
        let running = Mutex((now: 0, most: 0))
        for _ in 0..<20 {
            threads.run {
                running.withLock { $0.now += 1; $0.most = max($0.most, $0.now) }
                usleep(2_000)
                running.withLock { $0.now -= 1 }
            }
        }
        threads.finish()
        threads.waitUntilEnded()
        #expect(running.withLock { $0.most } <= 2)
    }
}

@Suite struct WorkerThreadsTimekeepingTests {
    @Test func timedWorkRunsWhileEveryKeptThreadIsBlocked() {
        let threads = WorkerThreads(name: "test-keeper", width: 3, keeps: 1, idleEnd: 20_000_000)
        let released = Mutex(false)
        let fired = Mutex(false)
        threads.run { while !released.withLock({ $0 }) { usleep(1_000) } }
        threads.schedule(atMonotonic: WorkerThreads.monotonicNow() + 10_000_000) { fired.withLock { $0 = true } }
        while !fired.withLock({ $0 }) { usleep(1_000) }
        #expect(fired.withLock { $0 })
        released.withLock { $0 = true }
    }
}
