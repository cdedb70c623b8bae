import Foundation
import PumpTestKit
import Testing

@Suite struct OwnThreadExecutorTests {
    @Test func workOnItsOwnThreadStaysPartOfTheCallingTest() async throws {
        let caller = Test.current?.name
        let seen = try await onOwnThread { () throws -> String? in Test.current?.name }
        #expect(caller != nil)
        #expect(seen == caller, "an expectation made on the thread must be attributed to this test")
    }

    @Test func workRunsOnTheExecutorsOwnThread() async {
        #expect(await onOwnThread { OwnThreadExecutor.isRunningOnOne })
        #expect(!Self.runningOnOne(), "the test itself runs elsewhere")
    }

    static func runningOnOne() -> Bool { OwnThreadExecutor.isRunningOnOne }

    @Test func aBlockingWaitOnOneOwnThreadDoesNotHoldUpAnother() async {
        // Two own threads hand a value across a semaphore: this deadlocks if both ran on one thread.
        let semaphore = DispatchSemaphore(value: 0)
        async let waiter: Bool = onOwnThread { semaphore.wait(timeout: .now() + 60) == .success }
        async let signaller: Void = onOwnThread { semaphore.signal() }
        _ = await signaller
        #expect(await waiter)
    }
}

@Suite struct OwnThreadExpectationTests {
    @Test func aFailedExpectationOnTheOwnThreadIsRecordedAgainstThisTest() async {
        // If the issue escaped this test's scope, withKnownIssue would not see it and this test
        // (and others running beside it) would fail.
        await withKnownIssue {
            await onOwnThread { #expect(Bool(false), "recorded on the own thread") }
        }
    }
}
