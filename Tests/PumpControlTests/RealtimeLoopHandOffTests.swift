#if canImport(Glibc)
import Glibc
#endif
@testable import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Synchronization
import Testing

/// What may start a thread (a reply resuming its caller, an observer's act) leaves a pinned loop's
/// thread through its relay, all of it and in order; what only looks stays on the loop thread, and
/// a wake with nothing to hand over never touches the relay (issue 13 review: workers the loop
/// thread starts share its CPU).
@Suite struct RealtimeLoopHandOffTests {
    /// A started loop pinned to a CPU this process may use, with nothing due, and its cycle.
    static func startedPinnedIdleLoop() throws -> (RealtimeLoop, ControlCycle) {
        let cpu = try #require(try CPUAffinity.allowedCPUs().last)
        let clock = SystemClock()
        let rig = SimulatedRig(clock: clock)
        let cycle = ControlCycle(session: SimulatedBench.session(at: clock.now()), rig: RigIO(motor: rig.motor), settings: ControlSettings())
        let loop = RealtimeLoop(cycle: cycle, clock: clock, options: .init(cpu: cpu))
        try loop.start()
        return (loop, cycle)
    }

    @Test func everyCommandsReplyArrivesInOrderOnAThreadOtherThanTheLoops() throws {
        let (loop, _) = try Self.startedPinnedIdleLoop()
        let ranOn = Mutex<[pthread_t]>([])
        let replies = Mutex<[(value: Int, thread: pthread_t)]>([])
        let count = 1_000  // far past the relay's reserved room
        for value in 0..<count {
            loop.enqueue({ (_: inout TherapySession, _: ClockReading) -> Int in
                ranOn.withLock { $0.append(pthread_self()) }
                return value
            }, then: { value in replies.withLock { $0.append((value, pthread_self())) } })
        }
        #expect(RealtimeLoopTests.eventually(within: 20) { replies.withLock { $0.count } == count })
        loop.stop()
        let loopThread = try #require(ranOn.withLock { $0.first })
        #expect(ranOn.withLock { $0 }.allSatisfy { pthread_equal($0, loopThread) != 0 })
        let received = replies.withLock { $0 }
        #expect(received.map(\.value) == Array(0..<count))
        #expect(received.allSatisfy { pthread_equal($0.thread, loopThread) == 0 })
    }

    @Test func anObserverLooksOnTheLoopThreadAndActsOffItOncePerPublicationItAskedFor() throws {
        let (loop, _) = try Self.startedPinnedIdleLoop()
        let loopThread = Mutex<pthread_t?>(nil)
        loop.enqueue({ (_: inout TherapySession, _: ClockReading) in loopThread.withLock { $0 = pthread_self() } }, then: { _ in })
        let noticedOn = Mutex<[pthread_t]>([]), actedOn = Mutex<[pthread_t]>([])
        // Asks for every other publication.
        loop.observePublications(PublicationObserver(
            notices: { _ in noticedOn.withLock { $0.append(pthread_self()); return $0.count % 2 == 1 } },
            then: { actedOn.withLock { $0.append(pthread_self()) } }))
        #expect(RealtimeLoopTests.eventually(within: 10) { noticedOn.withLock { $0.count } >= 3 })
        loop.stop()
        let loopsThread = try #require(loopThread.withLock { $0 })
        let noticed = noticedOn.withLock { $0 }, acted = actedOn.withLock { $0 }
        #expect(noticed.allSatisfy { pthread_equal($0, loopsThread) != 0 })
        #expect(acted.count == (noticed.count + 1) / 2)
        #expect(acted.allSatisfy { pthread_equal($0, loopsThread) == 0 })
        #expect(loop.relayedCount == 1 + acted.count, "one reply and the acts, nothing for the other publications")
    }

    @Test func wakesThatPublishWhatTheObserverDoesNotActOnNeverTouchTheRelay() throws {
        let (loop, cycle) = try Self.startedPinnedIdleLoop()
        let noticed = Atomic<Int>(0)
        loop.observePublications(PublicationObserver { _ in noticed.add(1, ordering: .relaxed) })
        #expect(RealtimeLoopTests.eventually(within: 10) { noticed.load(ordering: .relaxed) >= 3 })
        loop.stop()
        #expect(cycle.wakeCount >= 3)
        #expect(loop.relayedCount == 0)
    }

    @Test func anUnpinnedLoopHandsOverOnItsOwnThreadWithoutARelay() throws {
        let (loop, _) = try RealtimeLoopTests.startedIdleLoop()
        let threads = Mutex<(ran: pthread_t?, replied: pthread_t?)>((nil, nil))
        loop.enqueue({ (_: inout TherapySession, _: ClockReading) in threads.withLock { $0.ran = pthread_self() } },
                     then: { _ in threads.withLock { $0.replied = pthread_self() } })
        #expect(RealtimeLoopTests.eventually(within: 10) { threads.withLock { $0.replied } != nil })
        loop.stop()
        let (ran, replied) = threads.withLock { $0 }
        #expect(pthread_equal(try #require(ran), try #require(replied)) != 0)
        #expect(loop.relayedCount == 0)
    }
}
