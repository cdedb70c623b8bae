import Foundation
import PumpTestKit
import Testing

/// `[access] operators_may_stop`: through the socket, with real users (setpriv) in real roles.
/// User `daemon` is an operator, `nobody` an observer (AccessRoleTests.profile).
@Suite struct OperatorStopTests {
    /// Runs pumpctl as `user` against `socket`: its exit status and output.
    static func pumpctl(as user: String, socket: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
        try CommandRun.run(
            "/usr/bin/setpriv", ["--reuid=\(user)", "--regid=\(user)", "--clear-groups", PumpctlAgainstDaemonTests.pumpctl, "--socket", socket] + arguments,
            environment: ["NO_COLOR": "1", "PATH": "/usr/bin:/bin"])
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users"))
    func grantedAnOperatorStopsAndIsAuditedButMayNotResumeAndAnObserverMayNotStop() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--profile", try AccessRoleTests.profile(in: daemon.stateDirectory, operatorsMayStop: true), "--daily-dose", "500ug/day"])
        chmod(daemon.socket, 0o666)

        let observerStop = try AccessRoleTests.call(as: "nobody", socket: daemon.socket, "io.pumpd.Pump.Stop")
        #expect(observerStop.hasPrefix("io.pumpd.Pump.PermissionDenied") && observerStop.contains("\"needed\": \"operator\""), "\(observerStop)")
        #expect(observerStop.contains("stop is granted to operators by [access] operators_may_stop"), "\(observerStop)")
        #expect(try daemon.status()["mode"] == "running")

        let operatorStop = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Stop")
        #expect(operatorStop.hasPrefix("ok"), "\(operatorStop)")
        #expect(try daemon.status()["mode"] == "stopped")
        let operatorResume = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Resume")
        #expect(operatorResume.hasPrefix("io.pumpd.Pump.PermissionDenied") && operatorResume.contains("\"needed\": \"clinician\""), "\(operatorResume)")
        #expect(try daemon.status()["mode"] == "stopped")

        // The stop is audited like every change: by whom, in which role.
        let stops = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["deliveryStopped"]])["events"]?.arrayValue ?? []
        #expect(stops.count == 1, "\(stops)")
        #expect(stops.first?["caller"]?["role"]?.stringValue == "operator", "\(stops)")
        #expect(stops.first?["caller"]?["uid"]?.integerValue == 1, "user daemon: \(stops)")

        // pumpctl stop works for the operator too: it leaves the role to pumpd.
        _ = try daemon.call("io.pumpd.Pump.Resume")
        let stop = try Self.pumpctl(as: "daemon", socket: daemon.socket, ["stop"])
        #expect(stop.status == 0 && stop.output.contains("delivery stopped"), "\(stop.output)")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users"))
    func withoutTheGrantAnOperatorsStopIsRefusedNamingTheSettingUntilAReloadGrantsIt() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--profile", try AccessRoleTests.profile(in: daemon.stateDirectory), "--daily-dose", "500ug/day"])
        chmod(daemon.socket, 0o666)

        let refused = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Stop")
        #expect(refused.hasPrefix("io.pumpd.Pump.PermissionDenied") && refused.contains("\"needed\": \"clinician\""), "\(refused)")
        #expect(refused.contains("operators_may_stop, which this profile does not set"), "\(refused)")
        let pumpctl = try Self.pumpctl(as: "daemon", socket: daemon.socket, ["stop"])
        #expect(pumpctl.status != 0 && pumpctl.output.contains("[access] operators_may_stop"), "\(pumpctl.output)")
        #expect(try daemon.status()["mode"] == "running")
        let audited = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["callRefused"]])["events"]?.arrayValue ?? []
        #expect(audited.count == 2 && audited.allSatisfy { $0["caller"]?["role"] == "operator" }, "\(audited)")

        // The grant is reloadable, like the role lists.
        _ = try AccessRoleTests.profile(in: daemon.stateDirectory, operatorsMayStop: true)
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("access roles updated"), "\(daemon.logTail())")
        #expect(try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Stop").hasPrefix("ok"))
        #expect(try daemon.status()["mode"] == "stopped")
    }
}
