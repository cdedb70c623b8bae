import Foundation
import Testing
import Varlink

/// AdvanceTime checkpoints once per simulated day, not once per hour (issue 13): what a long
/// call leaves in the records must be what the same span in hour-long calls leaves.
@Suite struct AdvanceTimeCheckpointTests {
    /// The records after `calls` AdvanceTime calls of `seconds` each from 2026-01-05 08:00 at
    /// 500 µg/day: events (without the daemon's pid and the rigTimeAdvanced audits, one per call),
    /// hourly rows, status, and the `closing` hours reported closed (hour and total, from the
    /// daemon log, which is written after the reply).
    static func records(
        calls: Int, of seconds: Int64, closing: Int
    ) throws -> (events: [JSONValue], hours: JSONValue?, status: JSONObject, closed: [String]) {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z", "--daily-dose", "500ug/day"])
        defer { daemon.shutdown() }
        try daemon.start(until: .delivering)
        for _ in 0..<calls { _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(seconds)]) }
        let history = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z"])
        let events = (history["events"]?.arrayValue ?? []).compactMap { event -> JSONValue? in
            guard var fields = event.objectValue, fields["kind"]?.stringValue != "rigTimeAdvanced" else { return nil }
            if var caller = fields["caller"]?.objectValue {
                caller["pid"] = nil
                fields["caller"] = .object(caller)
            }
            return .object(fields)
        }
        func closedHours() -> [String] {
            daemon.log.split(separator: "\n").compactMap { line -> String? in
                guard let range = line.range(of: "hour from ") else { return nil }
                return String(line[range.lowerBound...].prefix { $0 != ";" })
            }
        }
        #expect(waitFor(20) { closedHours().count >= closing }, "\(closedHours())")
        let closed = closedHours()
        return (events, history["hours"], try daemon.status(), closed)
    }

    @Test func thirtyHoursInOneCallLeaveTheRecordsOfThirtyOneHourCalls() throws {
        let hourly = try Self.records(calls: 30, of: 3_600, closing: 30)
        let once = try Self.records(calls: 1, of: 30 * 3_600, closing: 30)
        #expect(hourly.events.count > 2)
        #expect(once.events == hourly.events)
        // 08:00 on the 5th to 14:00 on the 6th: 30 hours closed and reported once each, and the
        // row of the hour just opened.
        #expect(hourly.hours?.arrayValue?.count == 31)
        #expect(once.hours == hourly.hours)
        #expect(hourly.closed.count == 30, "\(hourly.closed)")
        #expect(once.closed == hourly.closed)
        #expect(once.status == hourly.status)
    }
}
