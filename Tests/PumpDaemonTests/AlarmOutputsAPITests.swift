import Foundation
import PumpTestKit
import Testing
import Varlink

/// SilenceAlarms, TestAlarms and the power-on self-test through the socket, on the simulated
/// rig's buzzer and lamps.
@Suite struct AlarmOutputsAPITests {
    @Test func theSelfTestRanAtStartAndADeadBuzzerFailsTheAlarmTestWhichIsAudited() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--virtual-start", "2026-01-05T08:00:00Z", "--daily-dose", "500ug/day"])
            .start()
        defer { daemon.shutdown() }
        let selfTest = try #require(try daemon.status()["annunciation"]?["lastSelfTest"])
        #expect(selfTest["passed"] == .bool(true), "\(selfTest)")
        #expect(selfTest["items"]?.arrayValue?.first?["subject"] == "buzzer")

        _ = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["deadBuzzer": true]])
        let started = try daemon.call("io.pumpd.Pump.TestAlarms")
        #expect(started["finished"] == .bool(false))  // the virtual clock: the result follows
        #expect(try daemon.refusal("io.pumpd.Pump.TestAlarms")?.name == "io.pumpd.Pump.AlarmTestRunning")
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 7])
        let status = try daemon.status()
        let test = try #require(status["annunciation"]?["lastAlarmTest"])
        #expect(test["passed"] == .bool(false), "\(test)")
        #expect(test["items"]?.arrayValue?.first?["outcome"] == "failed")
        let alarms = (status["alarms"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue }
        #expect(alarms.contains("alarm-system-failure"), "\(alarms)")
        #expect(status["mode"] == "running")  // non-critical: delivery goes on
        #expect(status["annunciation"]?["priority"] == "medium")

        let silenced = try daemon.call("io.pumpd.Pump.SilenceAlarms", ["duration": 60])
        #expect(silenced["silencedUntil"] == "2026-01-05T08:01:07+00:00")
        #expect(try daemon.refusal("io.pumpd.Pump.SilenceAlarms", ["duration": 600])?.name == "io.pumpd.Pump.InvalidValue")
        let history = try daemon.call("io.pumpd.Pump.GetHistory", ["from": "2026-01-01T00:00:00Z", "kinds": ["selfTest", "alarmTest", "alarmsSilenced"]])
        let kinds = (history["events"]?.arrayValue ?? []).compactMap { $0["kind"]?.stringValue }
        #expect(kinds == ["selfTest", "alarmTest", "alarmsSilenced"], "\(history)")
        let alarmTest = (history["events"]?.arrayValue ?? []).dropFirst().first
        // Ended by the loop seconds later, yet audited with the clinician who started it.
        #expect(alarmTest?["caller"]?["uid"]?.integerValue == Int64(getuid()), "\(String(describing: alarmTest))")
        #expect(alarmTest?["caller"]?["role"] == "clinician", "\(String(describing: alarmTest))")
        let silence = (history["events"]?.arrayValue ?? []).last
        #expect(silence?["caller"]?["role"] == "clinician", "\(String(describing: silence))")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users"))
    func anObserverMayNotSilenceAndAnOperatorMayNotRunTheAlarmTest() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--profile", try AccessRoleTests.profile(in: daemon.stateDirectory), "--daily-dose", "500ug/day"])
        chmod(daemon.socket, 0o666)
        let observer = try AccessRoleTests.call(as: "nobody", socket: daemon.socket, "io.pumpd.Pump.SilenceAlarms")
        #expect(observer.hasPrefix("io.pumpd.Pump.PermissionDenied") && observer.contains("\"needed\": \"operator\""), "\(observer)")
        let operatorTest = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.TestAlarms")
        #expect(operatorTest.hasPrefix("io.pumpd.Pump.PermissionDenied") && operatorTest.contains("\"needed\": \"clinician\""), "\(operatorTest)")
        // An operator may silence: with nothing sounding the refusal is about that, not the role.
        let operatorSilence = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.SilenceAlarms")
        #expect(operatorSilence.hasPrefix("io.pumpd.Pump.NothingToSilence"), "\(operatorSilence)")
    }
}
