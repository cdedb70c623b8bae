import Foundation
import PumpTestKit
import Testing
import Varlink

/// Roles come from the caller's credentials: clients run here as other users (setpriv) and the
/// profile's [access] lists map them to observer and operator.
@Suite struct AccessRoleTests {
    /// sim.toml with user `nobody` an observer and user `daemon` an operator.
    static func profile(
        in directory: String, observers: String = "[\"user:nobody\"]", threshold: String? = nil, checkpointSteps: String? = nil,
        operatorsMayStop: Bool = false
    ) throws -> String {
        var text = try ShippedProfileText.text()
        let access = try #require(text.range(of: "[access]"))
        let end = text[access.upperBound...].range(of: "\n[")?.lowerBound ?? text.endIndex
        text.replaceSubrange(
            access.lowerBound..<end,
            with: "[access]\nprogrammers = [\"group:pumpd-clinicians\"]\noperators = [\"user:daemon\"]\nobservers = \(observers)\n"
                + "operators_may_stop = \(operatorsMayStop)\n")
        if let threshold { text = text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = \(threshold)") }
        if let checkpointSteps { text = text.replacingOccurrences(of: "every_steps = 100", with: "every_steps = \(checkpointSteps)") }
        let path = directory + "/roles.toml"
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Calls `method` as `user` through a separate process; returns the reply's error name or "ok".
    static func call(as user: String, socket: String, _ method: String, _ parameters: String = "{}") throws -> String {
        let script = """
            import socket, json, sys
            s = socket.socket(socket.AF_UNIX); s.connect(sys.argv[1])
            s.sendall(json.dumps({"method": sys.argv[2], "parameters": json.loads(sys.argv[3])}).encode() + b"\\0")
            buf = b""
            while b"\\0" not in buf:
                chunk = s.recv(65536)
                if not chunk: break
                buf += chunk
            reply = json.loads(buf.split(b"\\0")[0])
            print(reply.get("error", "ok"), json.dumps(reply.get("parameters", {})))
            """
        let output = try CommandRun.run(
            "/usr/bin/setpriv",
            ["--reuid=\(user)", "--regid=\(user == "nobody" ? "nogroup" : user)", "--clear-groups", "/usr/bin/python3", "-c", script, socket, method, parameters]
        ).output
        return output.trimmingCharacters(in: .whitespacesAndNewlines)
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users"))
    func eachRoleMayDoWhatItsRoleAllowsAndIsRefusedTheRestWithNothingChanged() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        try daemon.start(extra: ["--profile", try Self.profile(in: daemon.stateDirectory), "--daily-dose", "500ug/day"])
        // The socket is 0660 root:root; open it to the test's other users.
        chmod(daemon.socket, 0o666)

        let observerStatus = try Self.call(as: "nobody", socket: daemon.socket, "io.pumpd.Pump.GetStatus")
        #expect(observerStatus.hasPrefix("ok") && observerStatus.contains("\"callerRole\": \"observer\""), "\(observerStatus)")
        let observerStop = try Self.call(as: "nobody", socket: daemon.socket, "io.pumpd.Pump.Stop")
        #expect(observerStop.hasPrefix("io.pumpd.Pump.PermissionDenied") && observerStop.contains("\"needed\": \"clinician\""), "\(observerStop)")
        let operatorBolus = try Self.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Bolus", #"{"kind": "single", "dose": 1000, "duration": 60}"#)
        #expect(operatorBolus.hasPrefix("io.pumpd.Pump.PermissionDenied"), "\(operatorBolus)")
        let operatorPatientBolus = try Self.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Bolus", #"{"kind": "patient"}"#)
        #expect(operatorPatientBolus.hasPrefix("io.pumpd.Pump.PatientBolusNotAllowed"), "the role passes; the program refuses: \(operatorPatientBolus)")
        let stranger = try Self.call(as: "www-data", socket: daemon.socket, "io.pumpd.Pump.GetStatus")
        #expect(stranger.hasPrefix("io.pumpd.Pump.PermissionDenied") && stranger.contains("\"role\": \"none\""), "\(stranger)")

        #expect(try daemon.status()["mode"] == "running")
        let history = try daemon.call("io.pumpd.Pump.GetHistory")["events"]?.arrayValue ?? []
        #expect(!history.contains { $0["kind"] == "deliveryStopped" || $0["kind"] == "bolusStarted" })
        // Refused changes and the denied bolus are audited with the caller; the refused read is not.
        let refused = history.filter { $0["kind"] == "callRefused" }
        #expect(refused.map { $0["caller"]?["role"]?.stringValue } == ["observer", "operator", "operator"], "\(refused.map { $0["summary"] })")
        #expect(refused.first?["caller"]?["uid"]?.integerValue == 65_534, "nobody: \(refused)")
        #expect(refused.first?["summary"]?.stringValue?.contains("Stop refused") == true, "\(refused)")
        #expect(refused.last?["summary"]?.stringValue?.contains("PatientBolusNotAllowed") == true, "\(refused)")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run clients as other users"))
    func aReloadAppliesNewRolesWithoutStoppingDeliveryAndRefusesARestartOnlyChangeWhole() throws {
        let daemon = try RunningDaemon()
        defer { daemon.shutdown() }
        let profile = try Self.profile(in: daemon.stateDirectory, observers: "[]")
        try daemon.start(extra: ["--profile", profile, "--daily-dose", "500ug/day"])
        chmod(daemon.socket, 0o666)
        #expect(try Self.call(as: "nobody", socket: daemon.socket, "io.pumpd.Pump.GetStatus").contains("\"role\": \"none\""))

        _ = try Self.profile(in: daemon.stateDirectory)  // nobody becomes an observer
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("access roles updated"), "\(daemon.logTail())")
        #expect(try Self.call(as: "nobody", socket: daemon.socket, "io.pumpd.Pump.GetStatus").hasPrefix("ok"))

        // A restart-only change (with a reloadable one): refused whole, naming the section.
        _ = try Self.profile(in: daemon.stateDirectory, threshold: "50_000", checkpointSteps: "50")
        try daemon.signal(SIGHUP)
        #expect(daemon.waitForLog("reload refused"), "\(daemon.logTail())")
        #expect(daemon.log.contains("[checkpoint]"))
        let reloads = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["settingsReloaded"]])["events"]?.arrayValue ?? []
        #expect(reloads.count == 1, "only the roles' change was applied: \(reloads)")
        #expect(try daemon.status()["mode"] == "running")
        let kinds = try daemon.call("io.pumpd.Pump.GetHistory")["events"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
        #expect(!kinds.contains("deliveryStopped"), "a reload never stops delivery")
    }
}
