@testable import PumpctlKit
import PumpWire
import Testing
import Varlink

/// `pumpctl alarms silence` and `pumpctl alarms test`: the duration through the notation, the
/// reply worded for people, a failed test as exit status 1.
@Suite struct AlarmsCommandTests {
    @Test func silenceSendsSecondsFromTheNotationAndSaysTheLampsStayOn() throws {
        let pumpd = try FakePumpd(["SilenceAlarms": .reply(["silencedUntil": "2026-12-04T11:02:00+01:00"])])
        let terminal = TestConsole()
        #expect(terminal.run(["alarms", "silence", "--for", "90s", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.first?.parameters == ["duration": 90])
        #expect(terminal.output == "alarms silenced until 2026-12-04T11:02:00+01:00; the lamps stay on and nothing is acknowledged\n")
    }

    @Test func silenceWithoutForLeavesTheLengthToTheProfileAndABadDurationIsAUsageError() throws {
        let pumpd = try FakePumpd(["SilenceAlarms": .reply(["silencedUntil": "2026-12-04T11:02:00+01:00"])])
        #expect(TestConsole().run(["alarms", "silence", "--socket", pumpd.path]) == .success)
        #expect(pumpd.calls.first?.parameters == [:])
        #expect(TestConsole().run(["alarms", "silence", "--for", "2 parsecs", "--socket", pumpd.path]) == .usage)
    }

    @Test func aFailedAlarmTestListsEachOutputAndExitsOne() throws {
        let result: JSONValue = [
            "kind": "alarmTest", "time": "2026-12-04T11:00:00+01:00", "passed": false, "interrupted": false, "durationMs": 6_500,
            "items": [
                ["subject": "buzzer", "outcome": "failed", "evidence": "sense disagreed at 14 of 28 checks"],
                ["subject": "red LED", "outcome": "unverified", "evidence": "look at it"],
            ],
        ]
        let pumpd = try FakePumpd(["TestAlarms": .reply(["finished": true, "endsAt": "2026-12-04T11:00:06+01:00", "result": result])])
        let terminal = TestConsole()
        #expect(terminal.run(["alarms", "test", "--socket", pumpd.path]) == .refused)
        #expect(terminal.output.contains("buzzer: failed (sense disagreed at 14 of 28 checks)\nred LED: unverified (look at it)\nalarm test FAILED"))
    }

    @Test func theAlarmListStillRunsWithoutASubcommand() throws {
        let pumpd = try FakePumpd(["GetAlarms": .reply(["active": [], "history": []])])
        #expect(TestConsole().run(["alarms", "--socket", pumpd.path]) == .success)
        #expect(pumpd.methods == ["GetAlarms"])
    }

    @Test func statusSaysAnAcknowledgedCriticalAlarmIsLitAndWhenItSoundsAgain() {
        let acknowledged = WireAnnunciation(
            priority: "high", sound: nil, soundReturnsAt: "2026-01-05T08:17:00+00:00", silencedUntil: nil, testing: false, lastSelfTest: nil,
            lastAlarmTest: nil)
        #expect(StatusReport.annunciationRows(acknowledged).first?.last
            == "high priority annunciating; sound acknowledged; acknowledged critical alarm sounds again at 2026-01-05T08:17:00+00:00")
        let sounding = WireAnnunciation(priority: "high", sound: "medium", silencedUntil: nil, testing: false, lastSelfTest: nil, lastAlarmTest: nil)
        #expect(StatusReport.annunciationRows(sounding).first?.last == "high priority annunciating; sounding medium")
    }
}
