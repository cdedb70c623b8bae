import Foundation
import PumpStorage
import Testing
import Varlink

/// `AdvanceTime` checkpoints once per simulated day at most (issue 13); every record must be what
/// hourly checkpoints would have written: the hourly history and its reports, the event log, the
/// alarms, the status and the checkpoint depend on the simulated time only, never on how it was
/// split into calls or saves.
@Suite struct AdvanceTimeCadenceTests {
    /// What a run leaves behind, apart from its own AdvanceTime audit records.
    struct Records: Equatable {
        var hourlyReports: [String]
        var hours: [JSONValue]
        var events: [String]
        var status: JSONObject
        /// The newest checkpoint's document, parsed (the encoder's key order varies between runs).
        var checkpoint: NSDictionary
    }

    static func run(advancing chunks: [Int64]) throws -> Records {
        // 07:40, so the hours close inside calls, not at their ends.
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T07:40:00Z", "--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        _ = try daemon.start(until: .delivering)
        for seconds in chunks { _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(seconds)]) }
        let history = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z", "limit": 10_000])
        let events = (history["events"]?.arrayValue ?? []).compactMap { event -> String? in
            guard let kind = event["kind"]?.stringValue, !kind.hasPrefix("rig") else { return nil }
            return ["time", "kind", "summary", "detail"].map { event[$0]?.stringValue ?? "-" }.joined(separator: " | ")
        }
        let status = try daemon.status()
        #expect(daemon.stop() == 0, "\(daemon.logTail())")
        let reports = daemon.log.split(separator: "\n").filter { $0.contains("hour from") }.map(String.init)
        let database = try PumpDatabase.open(directory: daemon.stateDirectory)
        defer { database.close() }
        let document = try #require(try database.intactCheckpoints().first?.document)
        let checkpoint = try #require(try JSONSerialization.jsonObject(with: Data(document.utf8)) as? NSDictionary)
        return Records(hourlyReports: reports, hours: history["hours"]?.arrayValue ?? [], events: events, status: status, checkpoint: checkpoint)
    }

    @Test func oneAdvanceOfThirtyHoursRecordsWhatThirtyOneHourAdvancesRecord() throws {
        let once = try Self.run(advancing: [30 * 3_600])
        let hourly = try Self.run(advancing: Array(repeating: 3_600, count: 30))
        #expect(once.hourlyReports.count == 30, "\(once.hourlyReports)")
        #expect(once.hourlyReports == hourly.hourlyReports)
        #expect(once.hours.count >= 30)
        #expect(once.hours == hourly.hours)
        #expect(once.events == hourly.events)
        #expect(once.status == hourly.status)
        #expect(once.checkpoint == hourly.checkpoint)
    }
}
