import Foundation
import Synchronization
import Testing
import Varlink

/// An `io.pumpd.Rig.AdvanceTime` run on its own connection and thread while the test does
/// something to pumpd beside it (a stop, a full disk).
final class BackgroundAdvance: Sendable {
    /// The virtual clock's monotonic reading (ns) before the advance began.
    let start: Int64
    private let outcome = Mutex<Result<JSONObject, any Error>?>(nil)

    init(_ daemon: RunningDaemon, seconds: Int64) throws {
        start = try #require(try daemon.call("io.pumpd.Rig.GetClock")["monotonic"]?.integerValue)
        Thread { [self] in
            let result = Result { () throws -> JSONObject in
                let connection = try daemon.connect(receiveTimeout: .seconds(120))
                defer { connection.close() }
                return try connection.call("io.pumpd.Rig.AdvanceTime", parameters: ["seconds": .integer(seconds)])
            }
            outcome.withLock { $0 = result }
        }.start()
    }

    /// Returns once the clock has moved `seconds` (simulated) past `start`, read back to back.
    func waitUntilTheClockMoved(_ seconds: Int64, on daemon: RunningDaemon) throws {
        var reached = start
        let deadline = Date().addingTimeInterval(60)
        while reached - start < seconds * 1_000_000_000, Date() < deadline {
            reached = try #require(try daemon.call("io.pumpd.Rig.GetClock")["monotonic"]?.integerValue)
        }
        try #require(reached - start >= seconds * 1_000_000_000, "the advance did not move the clock \(seconds) s in a minute")
    }

    /// The call's reply or error, waiting up to a minute for it.
    func result() throws -> Result<JSONObject, any Error> {
        let deadline = Date().addingTimeInterval(60)
        while outcome.withLock({ $0 }) == nil, Date() < deadline { Thread.sleep(forTimeInterval: 0.02) }
        return try #require(outcome.withLock { $0 }, "AdvanceTime never returned")
    }
}
