import Foundation

/// Polls `condition` every 0.1 s until it holds or `seconds` have passed, for what pumpd does
/// asynchronously (the storage task logs events after the reply); true once it held.
func waitFor(_ seconds: Double, _ condition: () throws -> Bool) rethrows -> Bool {
    let deadline = Date().addingTimeInterval(seconds)
    while Date() < deadline {
        if try condition() { return true }
        Thread.sleep(forTimeInterval: 0.1)
    }
    return try condition()
}
