import Glibc
import Synchronization
import Testing
import Varlink
@testable import VarlinkServer

/// A service on an event loop started before it (pumpd starts it while its state opens) serves
/// as any other, and owns the loop: its shutdown, or a refused configuration, ends the loop's thread.
@Suite("Varlink service: an event loop started ahead", .timeLimit(.minutes(1)))
struct EventLoopStartedAheadTests {
    /// The loop thread's /proc/self/task directory.
    static func threadDirectory(of loop: VarlinkEventLoop) async throws -> String {
        try await loop.group.next().submit {
            guard let resolved = realpath("/proc/thread-self", nil) else { return "" }
            defer { free(resolved) }
            return String(cString: resolved)
        }.get()
    }

    /// Whether the thread has ended, waiting up to 10 s for it (an upper bound, not a timing).
    static func ended(_ thread: String) async throws -> Bool {
        for _ in 0..<1_000 where access(thread, F_OK) == 0 { try await Task.sleep(nanoseconds: 10_000_000) }
        return access(thread, F_OK) != 0
    }

    @Test func aServiceOnALoopStartedAheadServesCallsAndShutsTheLoopDown() async throws {
        let loop = VarlinkEventLoop.start()
        let directory = try makeTemporaryDirectory()
        defer { removeTree(directory) }
        let service = try VarlinkService(
            configuration: ServiceFixture.configuration(limits: .init(), records: CallRecords()), interfaces: [TestInterface(probe: Probe())],
            eventLoop: loop)
        let path = directory + "/pumpd.sock"
        let thread = try await Self.threadDirectory(of: loop)
        #expect(thread.hasPrefix("/proc/") && thread.contains("/task/"))
        try await service.bind(path: path)
        let info = try await blocking { try VarlinkConnection(path: path, receiveTimeout: .seconds(10)).call("org.varlink.service.GetInfo") }
        #expect(info["interfaces"] == ["org.varlink.service", "io.pumpd.Test"])
        await service.shutdown()
        #expect(try await Self.ended(thread))
    }

    /// Work handed over right after the start (before the thread runs, most likely) and after it
    /// has run: each piece once, on the loop's thread, in the order handed over.
    @Test func workHandedOverBeforeAndAfterTheThreadRunsRunsOnceEachInOrderOnTheLoopsThread() async throws {
        let loop = VarlinkEventLoop.start()
        let ran = Mutex<[(Int, Bool)]>([])
        for index in 0..<40 {
            if index == 20 { loop.wait() }
            loop.run { [group = loop] in
                let onLoop = group.group.next().inEventLoop
                ran.withLock { $0.append((index, onLoop)) }
            }
        }
        for _ in 0..<2 { try await loop.group.next().submit {}.get() }
        let seen = ran.withLock { $0 }
        #expect(seen.map(\.0) == Array(0..<40))
        #expect(seen.allSatisfy { $0.1 })
        try await loop.group.shutdownGracefully()
    }

    @Test func aRefusedConfigurationShutsTheLoopDown() async throws {
        let loop = VarlinkEventLoop.start()
        let thread = try await Self.threadDirectory(of: loop)
        var configuration = ServiceFixture.configuration(limits: .init(), records: CallRecords())
        configuration.protocolErrorInterface = "not an interface"
        #expect(throws: VarlinkServiceError.self) {
            try VarlinkService(configuration: configuration, interfaces: [TestInterface(probe: Probe())], eventLoop: loop)
        }
        #expect(try await Self.ended(thread))
    }
}
