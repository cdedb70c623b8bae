@testable import PumpControl
import Synchronization
import Testing

/// The relay hands over everything the loop posts, in order, on its own thread, even when the loop
/// posts far more than the room its queue starts with.
@Suite struct LoopRelayTests {
    @Test func everyPostedItemIsHandedOverInOrderBeforeFinishReturnsEvenPastTheReservedRoom() throws {
        let relay = LoopRelay<Int>()
        let handed = Mutex<[Int]>([])
        try relay.start { item in handed.withLock { $0.append(item) } }
        let count = LoopRelay<Int>.reservedCapacity * 40
        for item in 0..<count { relay.post(item) }
        relay.finish()
        #expect(handed.withLock { $0 } == Array(0..<count))
    }

    @Test func postsAfterARelayIsStartedAgainAreHandedOver() throws {
        let relay = LoopRelay<Int>()
        let handed = Mutex<[Int]>([])
        try relay.start { item in handed.withLock { $0.append(item) } }
        relay.post(1)
        relay.finish()
        try relay.start { item in handed.withLock { $0.append(item) } }
        relay.post(2)
        relay.finish()
        #expect(handed.withLock { $0 } == [1, 2])
    }
}
