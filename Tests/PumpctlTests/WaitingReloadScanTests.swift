import Foundation
@testable import PumpctlKit
import Testing

/// `pumpctl reload --from-systemd` finds the systemctl waiting for pumpd's reload in a /proc
/// directory, and nothing else.
@Suite struct WaitingReloadScanTests {
    /// A fake /proc with one directory per process: its arguments, real uid, login uid and the
    /// executable its `exe` link names (the system's systemctl unless told).
    static func fakeProc(_ processes: [(pid: Int, arguments: [String], uid: Int, loginUID: String?)], exe: [Int: String] = [:]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fake-proc-\(UUID().uuidString.prefix(8))").path
        for process in processes {
            let directory = "\(root)/\(process.pid)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(process.arguments.map { $0 + "\0" }.joined().utf8).write(to: URL(fileURLWithPath: directory + "/cmdline"))
            try "Name:\tx\nPid:\t\(process.pid)\nUid:\t\(process.uid)\t\(process.uid)\t\(process.uid)\t\(process.uid)\nGid:\t0\t0\t0\t0\n"
                .write(toFile: directory + "/status", atomically: true, encoding: .utf8)
            if let login = process.loginUID { try login.write(toFile: directory + "/loginuid", atomically: true, encoding: .utf8) }
            try FileManager.default.createSymbolicLink(atPath: directory + "/exe", withDestinationPath: exe[process.pid] ?? "/usr/bin/systemctl")
        }
        try FileManager.default.createDirectory(atPath: root + "/self", withIntermediateDirectories: true)
        return root
    }

    @Test func findsOnlySystemctlsThatReloadPumpd() throws {
        let root = try Self.fakeProc([
            (1, ["/lib/systemd/systemd", "--system"], 0, "4294967295"),
            (300, ["systemctl", "reload", "nginx"], 1000, "1000"),
            (301, ["systemctl", "restart", "pumpd"], 1000, "1000"),
            (302, ["/usr/bin/pumpctl", "reload", "pumpd"], 0, nil),
            (410, ["systemctl", "--no-pager", "-H", "reload", "status", "pumpd"], 1000, "1000"),
            (420, ["/usr/bin/systemctl", "reload", "pumpd.service"], 1002, "1001"),
            (430, ["systemctl", "--job-mode", "replace", "try-reload-or-restart", "nginx", "pumpd"], 0, "4294967295"),
        ], exe: [1: "/usr/lib/systemd/systemd", 302: "/usr/bin/pumpctl"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = WaitingReloadScan(root: root).requesters()
        #expect(found.map(\.pid) == [420, 430], "\(found)")
        #expect(WaitingReloadScan(root: root).find() == .ambiguous(found), "two waiting: neither is named")
        #expect(found.first == .init(pid: 420, uid: 1002, loginUID: 1001, command: "/usr/bin/systemctl reload pumpd.service"))
        #expect(found.last?.loginUID == nil, "an unset login uid is none, not 4294967295")
    }

    @Test func noneIsFoundWhenNoSystemctlWaits() throws {
        let root = try Self.fakeProc([(1, ["/sbin/init"], 0, nil)])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(WaitingReloadScan(root: root).requesters().isEmpty)
        #expect(WaitingReloadScan(root: root + "/missing").requesters().isEmpty)
    }

    @Test(arguments: ["reload-or-restart", "force-reload", "reload-or-try-restart"])
    func everyVerbThatRunsExecReloadCounts(verb: String) {
        #expect(WaitingReloadScan.reloadsPumpd([verb, "pumpd"]))
        #expect(!WaitingReloadScan.reloadsPumpd([verb, "pumpd.socket"]))
    }

    /// argv[0] is the caller's to choose (`exec -a systemctl tail -F reload pumpd`): only the
    /// system's systemctl binary, as the kernel names it, is a requester.
    @Test func aProcessCallingItselfSystemctlIsNotARequester() throws {
        let root = try Self.fakeProc(
            [
                (500, ["systemctl", "-F", "reload", "pumpd"], 1000, "1000"),
                (501, ["/usr/bin/systemctl", "reload", "pumpd"], 1001, "1001"),
                (502, ["systemctl", "reload", "pumpd"], 1002, "1002"),
                (503, ["systemctl", "reload", "pumpd"], 1003, "1003"),
                (600, ["systemctl", "reload", "pumpd"], 1004, "1004"),
            ],
            exe: [500: "/usr/bin/tail", 501: "/home/mallory/systemctl", 502: "/usr/bin/systemctl (deleted)", 503: "/tmp/bin/systemctl"])
        defer { try? FileManager.default.removeItem(atPath: root) }
        #expect(WaitingReloadScan(root: root).find() == .one(.init(pid: 600, uid: 1004, loginUID: 1004, command: "systemctl reload pumpd")))
        try FileManager.default.removeItem(atPath: root + "/600/exe")
        #expect(WaitingReloadScan(root: root).find() == .none, "an unreadable exe link is not a requester")
    }

    /// `systemctl --user reload pumpd` reloads a user's own pumpd, not this one: not a requester.
    @Test(arguments: [
        ["--user", "reload", "pumpd"], ["reload", "pumpd", "--user"], ["-M", "alice@", "reload", "pumpd"], ["--machine=alice@", "reload", "pumpd"],
        ["-H", "pi", "reload", "pumpd"], ["--host=pi", "reload", "pumpd"], ["--root", "/srv", "reload", "pumpd"], ["--root=/srv", "reload", "pumpd"],
        ["-qM", "alice@", "reload", "pumpd"],
    ])
    func systemctlTalkingToAnotherManagerIsNotARequester(arguments: [String]) {
        #expect(!WaitingReloadScan.reloadsPumpd(arguments))
        #expect(WaitingReloadScan.reloadsPumpd(arguments.filter { !$0.hasPrefix("-") && !["alice@", "pi", "/srv"].contains($0) }))
    }

    /// The command line is the client's text: bounded and escaped before it is sent.
    @Test func theCommandIsBoundedAndEscaped() throws {
        let root = try Self.fakeProc([(700, ["systemctl", "reload", "pumpd", "x\nDec 04 pumpd: forged", String(repeating: "y", count: 5_000)], 1000, "1000")])
        defer { try? FileManager.default.removeItem(atPath: root) }
        guard case .one(let requester) = WaitingReloadScan(root: root).find() else {
            Issue.record("one requester expected")
            return
        }
        #expect(requester.command.hasPrefix("systemctl reload pumpd x\\nDec 04 pumpd: forged yyy"), "\(requester.command)")
        #expect(requester.command.unicodeScalars.count == 200 && !requester.command.contains("\n"))
    }
}
