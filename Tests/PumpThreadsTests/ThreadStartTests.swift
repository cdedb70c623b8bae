import CPumpThreads
import Glibc
import Synchronization
import Testing

/// `pump_threads_start`'s naming: a thread is named by itself before its body runs (a name set
/// from the starting thread would only follow the body's first instructions).
@Suite struct ThreadStartTests {
    final class Seen: Sendable {
        let name = Mutex<String?>(nil)
    }

    /// The name the started thread reads as the first thing its body does.
    static func nameSeenFirst(startingAs name: String) throws -> String {
        let seen = Seen()
        let context = Unmanaged.passRetained(seen).toOpaque()
        let rc = pump_threads_start({ context in
            let seen = Unmanaged<Seen>.fromOpaque(context!).takeRetainedValue()
            let name = WorkerThreadsTests.threadName()
            seen.name.withLock { $0 = name }
        }, context, name)
        try #require(rc == 0)
        while true {
            if let name = seen.name.withLock({ $0 }) { return name }
            usleep(1_000)
        }
    }

    @Test func aStartedThreadCarriesItsNameFromItsBodysFirstInstruction() throws {
        for attempt in 0..<200 {
            #expect(try Self.nameSeenFirst(startingAs: "test-start") == "test-start", "start \(attempt)")
        }
    }

    @Test func aNameLongerThanFifteenBytesLeavesTheThreadWithItsStartersName() throws {
        #expect(try Self.nameSeenFirst(startingAs: "sixteen-bytes-xx") == WorkerThreadsTests.threadName())
    }
}
