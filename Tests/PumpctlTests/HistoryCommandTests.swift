import PumpctlKit
import Testing
import Varlink

/// `history` and `alarms` against a fake pumpd: times resolved on pumpd's clock, formats.
@Suite struct HistoryCommandTests {
    static let history: JSONObject = [
        "events": [
            ["sequence": 1, "time": "2026-11-21T08:00:00+01:00", "kind": "refill", "summary": "refilled 20 mL, baclofen", "detail": #"{"volume":20000000}"#, "caller": nil],
        ],
        "hours": [["hour": "2026-11-21T08:00:00+01:00", "volume": 10_416, "mass": 20_833]],
    ]

    @Test func relativeTimesAreResolvedOnPumpdsClock() throws {
        let pumpd = try FakePumpd([
            "GetStatus": .reply(["status": Fixtures.status(time: "2030-01-02T03:04:05-05:00")]), "GetHistory": .reply(Self.history),
        ])
        let terminal = TestConsole()
        #expect(terminal.run(["history", "--from", "24h", "--to", "2030-01-02T00:00:00Z", "--kind", "refilled", "--kind", "deliveryStopped", "--limit", "10", "--socket", pumpd.path]) == .success)
        #expect(pumpd.methods == ["GetStatus", "GetHistory"])
        #expect(pumpd.calls[1].parameters == [
            "from": "2030-01-01T03:04:05-05:00", "to": "2030-01-02T00:00:00+00:00", "kinds": ["refilled", "deliveryStopped"], "limit": 10, "newest": true,
        ])
        #expect(terminal.output.contains("1  2026-11-21T08:00:00+01:00  refill  —   refilled 20 mL, baclofen"))
        #expect(terminal.output.contains("total                      10.416 µL  20.833 µg"))
    }

    @Test(arguments: [["--since", "now", "--until", "-1h"], ["--since", "+1h", "--until", "now"], ["--since", "2030-01-03", "--until", "2030-01-02"]])
    func aSinceAfterUntilIsAUsageErrorNamingTheOptionsNotARefusal(times: [String]) throws {
        let pumpd = try FakePumpd([
            "GetStatus": .reply(["status": Fixtures.status(time: "2030-01-02T03:04:05-05:00")]), "GetHistory": .reply(Self.history),
        ])
        let terminal = TestConsole()
        #expect(terminal.run(["history"] + times + ["--socket", pumpd.path]) == .usage)
        #expect(!pumpd.methods.contains("GetHistory"))
        #expect(terminal.errors.contains("--since (") && terminal.errors.contains(") is after --until ("), "\(terminal.errors)")
    }

    @Test func aSinceAfterPumpdsNowWithoutUntilIsAUsageErrorNotARefusal() throws {
        let refusal = FakePumpd.Answer.error("InvalidValue", ["field": "from", "value": "after to", "expected": "from ≤ to"])
        let pumpd = try FakePumpd(["GetHistory": refusal])
        let terminal = TestConsole()
        #expect(terminal.run(["history", "--since", "2031-01-01T00:00:00Z", "--socket", pumpd.path]) == .usage)
        #expect(terminal.errors.contains("--since (2031-01-01T00:00:00+00:00) is after pumpd's now"), "\(terminal.errors)")
    }

    @Test func absoluteTimesNeedNoStatusCall() throws {
        let pumpd = try FakePumpd(["GetHistory": .reply(Self.history)])
        let terminal = TestConsole()
        #expect(terminal.run(["history", "--from", "2026-11-20T00:00:00+01:00", "--format", "csv", "--socket", pumpd.path]) == .success)
        #expect(pumpd.methods == ["GetHistory"])
        #expect(terminal.output == "sequence,time,kind,summary,detail,caller_uid,caller_pid,caller_role\r\n"
            + #"1,2026-11-21T08:00:00+01:00,refill,"refilled 20 mL, baclofen","{""volume"":20000000}",,,"# + "\r\n")
    }

    @Test func hoursAsCSVAndTheReplyAsJSON() throws {
        let pumpd = try FakePumpd(["GetHistory": .reply(Self.history)])
        let csv = TestConsole()
        #expect(csv.run(["history", "--format", "csv", "--show", "hours", "--socket", pumpd.path]) == .success)
        #expect(csv.output == "hour,volume_nl,mass_ng\r\n2026-11-21T08:00:00+01:00,10416,20833\r\n")
        let json = TestConsole()
        #expect(json.run(["history", "--format", "json", "--socket", pumpd.path]) == .success)
        #expect(try JSONValue.parse(json.output) == .object(Self.history))
        #expect(TestConsole().run(["history", "--format", "csv", "--show", "both", "--socket", pumpd.path]) == .usage)
    }

    @Test func sinceAndUntilTakeJournalctlTimesIncludingHyphenatedSpans() throws {
        let pumpd = try FakePumpd([
            "GetStatus": .reply(["status": Fixtures.status(time: "2026-12-04T11:00:00+01:00")]), "GetHistory": .reply(Self.history),
        ])
        let terminal = TestConsole(zone: .fixed(3_600))
        #expect(terminal.run(["history", "--since", "-1h", "--until", "+30min", "--socket", pumpd.path]) == .success, "\(terminal.errors)")
        #expect(pumpd.calls[1].parameters == ["from": "2026-12-04T10:00:00+01:00", "to": "2026-12-04T11:30:00+01:00"])
        #expect(terminal.run(["history", "--since", "yesterday", "--until", "today", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls[3].parameters == ["from": "2026-12-03T00:00:00+01:00", "to": "2026-12-04T00:00:00+01:00"])
        // Local date and time: no clock needed; --from and --to stay as aliases.
        #expect(terminal.run(["history", "--from", "2026-12-01 08:00", "--to", "2026-12-02", "--socket", pumpd.path]) == .success)
        #expect(pumpd.methods.count == 5)
        #expect(pumpd.calls[4].parameters == ["from": "2026-12-01T08:00:00+01:00", "to": "2026-12-02T00:00:00+01:00"])
    }

    @Test func aLimitAsksForTheNewestEvents() throws {
        let pumpd = try FakePumpd(["GetHistory": .reply(Self.history)])
        #expect(TestConsole().run(["history", "-n", "3", "--socket", pumpd.path]) == .success)
        #expect(TestConsole().run(["history", "--limit", "5", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.map(\.parameters) == [["limit": 3, "newest": true], ["limit": 5, "newest": true]])
    }

    @Test func aTimeTheClocksSkipIsAUsageErrorNamingTheOption() throws {
        let pumpd = try FakePumpd([:])
        // Berlin's spring-forward hour in 2026 (CET to CEST at 01:00 UTC on 29 March).
        let berlin = LocalZone { seconds in (1_774_746_000..<1_792_890_000).contains(seconds) ? 7_200 : 3_600 }
        let terminal = TestConsole(zone: berlin)
        #expect(terminal.run(["history", "--since", "2026-03-29 02:30", "--socket", pumpd.path]) == .usage)
        #expect(terminal.errors.hasPrefix("--since \"2026-03-29 02:30\" does not exist in this machine's time zone"))
        #expect(terminal.errors.contains("accepted: "))
        #expect(pumpd.calls.isEmpty)
    }

    @Test func aMalformedTimeIsAUsageErrorBeforeAnyCall() throws {
        let pumpd = try FakePumpd([:])
        let terminal = TestConsole()
        #expect(terminal.run(["alarms", "--since", "last week", "--socket", pumpd.path]) == .usage)
        #expect(pumpd.calls.isEmpty)
    }

    @Test func alarmsShowActiveAlarmsWithEvidenceAndTheHistory() throws {
        let record: JSONValue = [
            "kind": "reservoirLow", "severity": "non_critical", "raisedAt": "2026-11-19T10:00:00+01:00", "evidence": "1.9 mL ≤ 2 mL",
            "clearedAt": "2026-11-20T09:00:00+01:00", "acknowledgedAt": "2026-11-19T10:05:00+01:00",
            "acknowledgedBy": ["uid": 1001, "pid": 5, "role": "operator"],
        ]
        let pumpd = try FakePumpd([
            "GetStatus": .reply(["status": Fixtures.status()]), "GetAlarms": .reply(["active": [Fixtures.occlusion], "history": [record]]),
        ])
        let terminal = TestConsole()
        #expect(terminal.run(["alarms", "--since", "7d", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.last?.parameters == ["since": "2026-11-14T08:30:00+01:00"])
        #expect(TestConsole().run(["alarms", "--since", "-7d", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.last?.parameters == ["since": "2026-11-14T08:30:00+01:00"])
        #expect(terminal.outputLines[0...3] == [
            "active alarms:",
            "  occlusion (critical), raised 2026-11-21T08:10:00+01:00: cause present, not acknowledged",
            "      evidence: pressure 1210 mmHg ≥ 1034 mmHg for 3 samples",
            "      clears when: pressure below the threshold and a clinician acknowledges",
        ])
        #expect(terminal.output.contains("2026-11-19T10:00:00+01:00  reservoirLow  non-critical  2026-11-20T09:00:00+01:00  2026-11-19T10:05:00+01:00  operator  1.9 mL ≤ 2 mL"))
    }
}
