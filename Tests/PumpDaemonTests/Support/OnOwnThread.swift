import Foundation

/// Runs blocking socket work on a thread of its own, never on Swift concurrency's cooperative
/// threads (which a blocking wait would starve).
func onOwnThread<Result: Sendable>(_ work: @escaping @Sendable () -> Result) async -> Result {
    await withCheckedContinuation { continuation in
        let thread = Thread { continuation.resume(returning: work()) }
        thread.stackSize = 8 << 20
        thread.start()
    }
}
