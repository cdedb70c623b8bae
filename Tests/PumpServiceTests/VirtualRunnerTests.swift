import PumpControl
import PumpCore
import PumpService
import Synchronization
import Testing

@Suite struct VirtualRunnerTests {
    /// The observer used to be a bare closure in a `Mutex`; every publication's read wrapped it in
    /// two more reabstraction thunks, so the call went deeper each time until it overflowed the
    /// stack (~214 simulated days of AdvanceTime on sim-soak).
    @Test func thePublicationObserverIsCalledNoDeeperAfterAThousandPublications() async throws {
        let (virtual, _, _) = try await StatusReadTests.service()
        let depths = Mutex<[Int]>([])
        let observerFrame = Mutex(0)
        virtual.observePublications(PublicationObserver { _ in
            var local = 0
            let address = withUnsafeMutablePointer(to: &local) { Int(bitPattern: $0) }
            observerFrame.withLock { $0 = address }
        })
        for _ in 0..<1_000 {
            let depth = Self.depthOfObserverCall(advancing: virtual, observerFrame: observerFrame)
            depths.withLock { $0.append(depth) }
        }
        let recorded = depths.withLock { $0 }
        #expect(recorded.count == 1_000)
        let first = try #require(recorded.first), last = try #require(recorded.last)
        #expect(first > 0, "the observer runs below its caller on the same stack")
        #expect(last - first < 4_096, "the call went \(last - first) bytes deeper after 1000 publications")
    }

    /// Bytes of stack between this synchronous frame and the observer's, for one publication
    /// (an async test's locals live in its task context, not on the thread's stack).
    static func depthOfObserverCall(advancing virtual: VirtualRunner, observerFrame: borrowing Mutex<Int>) -> Int {
        var local = 0
        let callerAddress = withUnsafeMutablePointer(to: &local) { Int(bitPattern: $0) }
        virtual.advance(by: .milliseconds(1))
        return callerAddress - observerFrame.withLock { $0 }
    }
}
