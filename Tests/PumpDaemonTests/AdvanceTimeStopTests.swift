import Foundation
import Testing
import Varlink

/// `io.pumpd.Rig.AdvanceTime` and pumpd's stop: an advance the stop cuts short ends at its chunk,
/// answers `LoopStopped` with how far the clock moved (when its connection outlives the answer),
/// and the final checkpoint records that beside the advance recorded when it began.
@Suite struct AdvanceTimeStopTests {
    static let asked: Int64 = 400 * 86_400

    @Test func anAdvanceCutShortByTheStopRepliesLoopStoppedAndRecordsHowFarItWent() throws {
        let daemon = try RunningDaemon(arguments: AdvanceTimeKillTests.arguments)
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--virtual-start", "2026-01-05T08:00:00Z"], until: .delivering)
        let advance = try BackgroundAdvance(daemon, seconds: Self.asked)
        // Two simulated days in: past the first chunk's checkpoint, far from the 400 asked.
        try advance.waitUntilTheClockMoved(2 * 86_400, on: daemon)
        #expect(daemon.stop() == 0, "\(daemon.logTail())")
        let result = try advance.result()
        // The stop ends the advance at its chunk before it closes the socket: the call answers
        // LoopStopped with how far the clock moved (unless the socket's close wins the race).
        var answered: Int64?
        switch result {
        case .success(let reply): Issue.record("an advance the stop cut short answered as done: \(reply)")
        case .failure(let failure as VarlinkError):
            #expect(failure.name == "io.pumpd.Rig.LoopStopped", "\(failure)")
            answered = failure.parameterObject["advanced"]?.integerValue
        case .failure(let failure): #expect("\(failure)" == "the service closed the connection")
        }

        // The records, read after a restart a simulated minute past the furthest the advance
        // could have gone: the advance as asked, then how far it went, in whole days (a
        // checkpoint each), which is what the restored state delivered.
        let began = try #require(ISO8601DateFormatter().date(from: "2026-01-05T08:00:00Z"))
        let restartAt = ISO8601DateFormatter().string(from: began.addingTimeInterval(Double(Self.asked) + 60))
        try daemon.start(extra: ["--virtual-start", restartAt], until: .answering)
        let records = try Self.advanceRecords(of: daemon)
        try #require(records.count == 2, "\(records)")
        #expect(records[0].kind == "rigTimeAdvanced" && records[0].detail["seconds"]?.integerValue == Self.asked)
        #expect(records[0].summary == "advancing simulated time by 400 d")
        #expect(records[1].kind == "rigTimeAdvanceCutShort" && records[1].detail["asked"]?.integerValue == Self.asked, "\(records)")
        #expect(records[1].detail["cause"]?.stringValue == "pumpd's stop")
        #expect(records[1].summary.hasPrefix("simulated time advance cut short by pumpd's stop: advanced by "), "\(records[1].summary)")
        let moved = try #require(records[1].detail["advanced"]?.integerValue)
        #expect(moved >= 2 * 86_400 && moved < Self.asked && moved % 86_400 == 0, "\(records[1])")
        if let answered { #expect(answered == moved) }
        // 500 µg/day in 500 ng steps, one every 86.4 s: the state delivered what the record says
        // the clock ran through, within a step.
        let delivered = try #require(try daemon.status()["deliveredTotal"]?.integerValue)
        let expected = Int64(Double(moved) / AdvanceTimeKillTests.secondsPerStep) * AdvanceTimeKillTests.nanogramsPerStep
        #expect(abs(delivered - expected) <= AdvanceTimeKillTests.nanogramsPerStep, "delivered \(delivered) ng; \(moved) s advanced")
    }

    @Test func anAdvanceThatRanToItsEndLeavesOnlyItsOwnRecord() throws {
        let daemon = try RunningDaemon(arguments: AdvanceTimeKillTests.arguments)
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--virtual-start", "2026-01-05T08:00:00Z"], until: .delivering)
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": .integer(2 * 86_400)])
        #expect(daemon.stop() == 0, "\(daemon.logTail())")
        try daemon.start(extra: ["--virtual-start", "2026-01-07T08:01:00Z"], until: .answering)
        let records = try Self.advanceRecords(of: daemon)
        #expect(records.map(\.kind) == ["rigTimeAdvanced"], "\(records)")
        #expect(records.first?.summary == "advancing simulated time by 2 d")
    }

    /// The advance records (`rigTimeAdvanced`, `rigTimeAdvanceCutShort`), oldest first.
    static func advanceRecords(of daemon: RunningDaemon) throws -> [(kind: String, detail: JSONObject, summary: String)] {
        let events = try daemon.call(
            "io.pumpd.Pump.GetHistory", ["kinds": ["rigTimeAdvanced", "rigTimeAdvanceCutShort"], "from": "2026-01-01T00:00:00Z"])["events"]?.arrayValue ?? []
        return events.map { event in
            let detail = event["detail"]?.stringValue.flatMap { try? JSONValue.parse($0).objectValue } ?? [:]
            return (event["kind"]?.stringValue ?? "", detail, event["summary"]?.stringValue ?? "")
        }
    }
}
