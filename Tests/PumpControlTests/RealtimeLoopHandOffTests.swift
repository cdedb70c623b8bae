#if canImport(Glibc)
import Glibc
#endif
@testable import PumpControl
import PumpCore
import Synchronization
import Testing

/// What may start a thread (a reply resuming its caller, an observer's act) leaves the loop thread
/// through its relay, all of it and in order; what only looks stays on the loop thread, and a wake
/// with nothing to hand over never touches the relay (issue 13 review: workers the loop thread
/// starts share its CPU).
@Suite struct RealtimeLoopHandOffTests {
    @Test func everyCommandsReplyArrivesInOrderOnAThreadOtherThanTheLoops() throws {
        let (loop, _) = try RealtimeLoopTests.startedIdleLoop()
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
        let (loop, _) = try RealtimeLoopTests.startedIdleLoop()
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
        let (loop, cycle) = try RealtimeLoopTests.startedIdleLoop()
        let noticed = Atomic<Int>(0)
        loop.observePublications(PublicationObserver { _ in noticed.add(1, ordering: .relaxed) })
        #expect(RealtimeLoopTests.eventually(within: 10) { noticed.load(ordering: .relaxed) >= 3 })
        loop.stop()
        #expect(cycle.wakeCount >= 3)
        #expect(loop.relayedCount == 0)
    }
}
