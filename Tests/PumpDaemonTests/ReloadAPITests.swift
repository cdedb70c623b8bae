import Foundation
import Testing
import Varlink

/// io.pumpd.Pump.Reload against the real daemon: the SIGHUP reload as a call, with its refusal
/// typed and the audit naming who asked.
@Suite struct ReloadAPITests {
    /// A daemon on AccessRoleTests' profile (user `daemon` an operator), occlusion threshold 60 kPa.
    static func daemon() throws -> (RunningDaemon, profile: String) {
        let daemon = try RunningDaemon()
        let profile = try AccessRoleTests.profile(in: daemon.stateDirectory, threshold: "60_000")
        try daemon.start(extra: ["--profile", profile, "--daily-dose", "500ug/day"])
        return (daemon, profile)
    }

    static func reloads(_ daemon: RunningDaemon) throws -> [JSONValue] {
        try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["settingsReloaded"]])["events"]?.arrayValue ?? []
    }

    @Test func aRefusedReloadChangesNothingAndSaysWhy() throws {
        let (daemon, profile) = try Self.daemon()
        defer { daemon.shutdown() }
        // A reloadable change together with a restart-only one: refused whole.
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try #require(text.contains("every_steps = 100"))
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 30_000")
            .replacingOccurrences(of: "every_steps = 100", with: "every_steps = 50").write(toFile: profile, atomically: true, encoding: .utf8)
        let refusal = try #require(try daemon.refusal("io.pumpd.Pump.Reload"))
        #expect(refusal.name == "io.pumpd.Pump.ReloadRefused")
        #expect(refusal.parameters["reason"]?.stringValue?.contains("[checkpoint]") == true, "\(refusal.parameters)")
        #expect(refusal.parameters["profile"]?.stringValue == profile)
        #expect(try Self.reloads(daemon).isEmpty)
        #expect(daemon.waitForLog("reload refused: settings that need a restart changed ([checkpoint])"), "\(daemon.logTail())")
        // The running threshold is still the old one: a reload of only the threshold now changes it from 60 kPa.
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 30_000").write(toFile: profile, atomically: true, encoding: .utf8)
        let applied = try daemon.call("io.pumpd.Pump.Reload")
        #expect(applied["changes"]?.arrayValue?.first?["old"] == "60000", "\(applied)")
        #expect(try daemon.status()["mode"] == "running")
    }

    @Test func anAppliedReloadListsItsChangesAndTheAuditNamesTheCaller() throws {
        let (daemon, profile) = try Self.daemon()
        defer { daemon.shutdown() }
        let unchanged = try daemon.call("io.pumpd.Pump.Reload")
        #expect(unchanged["applied"] == false && unchanged["changes"]?.arrayValue?.isEmpty == true, "\(unchanged)")

        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 30_000").write(toFile: profile, atomically: true, encoding: .utf8)
        let reply = try daemon.call("io.pumpd.Pump.Reload")
        #expect(reply["applied"] == true)
        #expect(reply["changes"] == [["setting": "sensors.occlusion.threshold_pa", "old": "60000", "new": "30000"]], "\(reply)")
        #expect(reply["auditedAs"]?["pid"]?.integerValue == Int64(getpid()))
        let reloads = try Self.reloads(daemon)
        try #require(reloads.count == 1, "\(reloads)")
        #expect(reloads[0]["caller"]?["pid"]?.integerValue == Int64(getpid()))
        #expect(reloads[0]["caller"]?["uid"]?.integerValue == Int64(getuid()))
        #expect(reloads[0]["caller"]?["role"] == "clinician", "root is a clinician")
    }

    @Test func aRequesterNamedByRootIsTheAuditsActorWithTheRelayRecorded() throws {
        let (daemon, profile) = try Self.daemon()
        defer { daemon.shutdown() }
        try #require(getuid() == 0, "this test runs as root, as ExecReload does")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 40_000").write(toFile: profile, atomically: true, encoding: .utf8)
        let requester: JSONValue = ["uid": 1000, "pid": 4242, "loginUID": 1001, "command": "systemctl reload pumpd"]
        let reply = try daemon.call("io.pumpd.Pump.Reload", ["requestedBy": requester])
        #expect(reply["auditedAs"] == ["uid": 1000, "pid": 4242, "role": "reload-requester"], "\(reply)")
        let reloads = try Self.reloads(daemon)
        try #require(reloads.count == 1, "\(reloads)")
        #expect(reloads[0]["caller"]?["uid"]?.integerValue == 1000 && reloads[0]["caller"]?["pid"]?.integerValue == 4242)
        let detail = try JSONValue.parse(Array((reloads[0]["detail"]?.stringValue ?? "").utf8))
        #expect(detail["requesterLoginUID"] == 1001 && detail["requesterCommand"] == "systemctl reload pumpd", "\(detail)")
        #expect(detail["relayedBy"]?.stringValue == "uid 0 pid \(getpid()) (clinician)", "\(detail)")

        // Found by nobody: the audit says so rather than guessing.
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 50_000").write(toFile: profile, atomically: true, encoding: .utf8)
        _ = try daemon.call("io.pumpd.Pump.Reload", ["fromSystemd": true])
        let second = try #require(try Self.reloads(daemon).last)
        let unnamed = try JSONValue.parse(Array((second["detail"]?.stringValue ?? "").utf8))
        #expect(unnamed["requester"] == "not identified" && second["caller"]?["uid"] == 0, "\(second)")
        #expect(daemon.waitForLog("(clinician); requester not identified; relayed by uid 0"), "\(daemon.logTail())")
    }

    /// Several waiting systemctls: root relays them all, none is named, root stays the actor; and
    /// pumpd bounds and escapes a named requester's command itself, never trusting the client.
    @Test func ambiguousRequestersNameNobodyAndCommandsAreEscapedByPumpd() throws {
        let (daemon, profile) = try Self.daemon()
        defer { daemon.shutdown() }
        try #require(getuid() == 0, "this test runs as root, as ExecReload does")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 40_000").write(toFile: profile, atomically: true, encoding: .utf8)
        let candidates: JSONValue = [
            ["uid": 1000, "pid": 420, "command": "systemctl reload pumpd"], ["uid": 1002, "pid": 430, "loginUID": 1002, "command": "systemctl reload pumpd"],
        ]
        let reply = try daemon.call("io.pumpd.Pump.Reload", ["ambiguousRequesters": candidates])
        #expect(reply["auditedAs"]?["uid"] == 0 && reply["auditedAs"]?["pid"]?.integerValue == Int64(getpid()), "\(reply)")
        let first = try #require(try Self.reloads(daemon).last)
        let detail = try JSONValue.parse(Array((first["detail"]?.stringValue ?? "").utf8))
        #expect(detail["requester"] == "ambiguous: pid 420 uid 1000, pid 430 uid 1002", "\(detail)")
        #expect(first["caller"]?["uid"] == 0, "\(first)")

        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 50_000").write(toFile: profile, atomically: true, encoding: .utf8)
        let forged = "systemctl reload pumpd\nDec 04 pumpd: delivery stopped" + String(repeating: "z", count: 10_000)
        _ = try daemon.call("io.pumpd.Pump.Reload", ["requestedBy": ["uid": 1000, "pid": 4242, "command": .string(forged)]])
        let second = try #require(try Self.reloads(daemon).last)
        let named = try JSONValue.parse(Array((second["detail"]?.stringValue ?? "").utf8))
        let command = try #require(named["requesterCommand"]?.stringValue)
        #expect(command.hasPrefix("systemctl reload pumpd\\nDec 04 pumpd: delivery stopped") && command.unicodeScalars.count == 200, "\(command)")
        #expect(daemon.waitForLog("systemctl reload pumpd\\nDec 04 pumpd: delivery stopped"), "\(daemon.logTail())")
        #expect(!daemon.logTail(lines: 400).contains("\nDec 04 pumpd: delivery stopped"), "no forged journal line")
    }

    @Test(.enabled(if: getuid() == 0, "needs root to run a client as another user"))
    func aRequesterNamedByAnyoneButRootIsRefusedAndAudited() throws {
        let (daemon, profile) = try Self.daemon()
        defer { daemon.shutdown() }
        chmod(daemon.socket, 0o666)
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 30_000").write(toFile: profile, atomically: true, encoding: .utf8)
        let spoofed = try AccessRoleTests.call(
            as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Reload",
            #"{"requestedBy": {"uid": 1000, "pid": 1, "command": "systemctl reload pumpd"}}"#)
        #expect(spoofed.hasPrefix("io.pumpd.Pump.ReloadRefused") && spoofed.contains("only from root"), "\(spoofed)")
        #expect(try Self.reloads(daemon).isEmpty)
        let refused = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["callRefused"]])["events"]?.arrayValue ?? []
        #expect(refused.first?["caller"]?["role"] == "operator" && refused.first?["summary"]?.stringValue?.contains("Reload refused") == true, "\(refused)")
        // The operator reloading in its own name is allowed and named.
        let own = try AccessRoleTests.call(as: "daemon", socket: daemon.socket, "io.pumpd.Pump.Reload")
        #expect(own.hasPrefix("ok") && own.contains("\"role\": \"operator\""), "\(own)")
        // An observer may not reload.
        let observer = try AccessRoleTests.call(as: "nobody", socket: daemon.socket, "io.pumpd.Pump.Reload")
        #expect(observer.hasPrefix("io.pumpd.Pump.PermissionDenied"), "\(observer)")
    }

    /// pumpctl reload --from-systemd (ExecReload) names the waiting systemctl it finds in /proc,
    /// and a refusal exits 1.
    @Test func pumpctlFromSystemdNamesTheWaitingSystemctlAndExitsNonZeroOnRefusal() throws {
        let (daemon, profile) = try Self.daemon()
        defer { daemon.shutdown() }
        let proc = daemon.stateDirectory + "/proc"
        try FileManager.default.createDirectory(atPath: proc + "/777", withIntermediateDirectories: true)
        try Data("/usr/bin/systemctl\0reload\0pumpd\0".utf8).write(to: URL(fileURLWithPath: proc + "/777/cmdline"))
        try "Name:\tsystemctl\nUid:\t1000\t1000\t1000\t1000\n".write(toFile: proc + "/777/status", atomically: true, encoding: .utf8)
        try "1000".write(toFile: proc + "/777/loginuid", atomically: true, encoding: .utf8)
        try FileManager.default.createSymbolicLink(atPath: proc + "/777/exe", withDestinationPath: "/usr/bin/systemctl")
        let text = try String(contentsOfFile: profile, encoding: .utf8)
        try text.replacingOccurrences(of: "threshold_pa = 60_000", with: "threshold_pa = 30_000").write(toFile: profile, atomically: true, encoding: .utf8)
        let applied = try PumpctlAgainstDaemonTests.pumpctl(["reload", "--from-systemd", "--proc-root", proc], socket: daemon.socket)
        #expect(applied.status == 0 && applied.output.contains("sensors.occlusion.threshold_pa: 60000 -> 30000"), "\(applied.output)")
        #expect(applied.output.contains("audited as uid 1000 pid 777"), "\(applied.output)")

        try text.replacingOccurrences(of: "every_steps = 100", with: "every_steps = 50").write(toFile: profile, atomically: true, encoding: .utf8)
        let refused = try PumpctlAgainstDaemonTests.pumpctl(["reload", "--from-systemd", "--proc-root", proc], socket: daemon.socket)
        #expect(refused.status == 1 && refused.output.contains("reload refused, nothing changed"), "\(refused.output)")
    }
}
