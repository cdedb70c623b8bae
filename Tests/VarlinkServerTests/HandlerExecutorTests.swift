import Dispatch
import Foundation
import Testing
import Varlink
import VarlinkServer

/// A service given a handler executor answers from it, whatever Swift's cooperative threads are doing.
@Suite struct HandlerExecutorTests {
    @Test func handlersOnTheirOwnExecutorAnswerWhileEveryCooperativeThreadIsBlocked() async throws {
        try await ServiceFixture.with { fixture in
            try await blocking {
                // Occupy every cooperative thread until the call has been answered (or 30 s passed).
                let release = DispatchSemaphore(value: 0)
                let width = ProcessInfo.processInfo.activeProcessorCount
                for _ in 0..<width {
                    Task.detached { _ = release.wait(timeout: .now() + 30) }
                }
                defer { for _ in 0..<width { release.signal() } }
                let connection = try fixture.connect()
                defer { connection.close() }
                #expect(try connection.call("io.pumpd.Test.GetStatus") == ["rate": 120])
            }
        }
    }
}
