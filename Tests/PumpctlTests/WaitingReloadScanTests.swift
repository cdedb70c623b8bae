import Foundation
@testable import PumpctlKit
import Testing

/// `pumpctl reload --from-systemd` finds the systemctl waiting for pumpd's reload in a /proc
/// directory, and nothing else.
@Suite struct WaitingReloadScanTests {
    /// A fake /proc with one directory per process: its arguments, real uid and login uid.
    static func fakeProc(_ processes: [(pid: Int, arguments: [String], uid: Int, loginUID: String?)]) throws -> String {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("fake-proc-\(UUID().uuidString.prefix(8))").path
        for process in processes {
            let directory = "\(root)/\(process.pid)"
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
            try Data(process.arguments.map { $0 + "\0" }.joined().utf8).write(to: URL(fileURLWithPath: directory + "/cmdline"))
            try "Name:\tx\nPid:\t\(process.pid)\nUid:\t\(process.uid)\t\(process.uid)\t\(process.uid)\t\(process.uid)\nGid:\t0\t0\t0\t0\n"
                .write(toFile: directory + "/status", atomically: true, encoding: .utf8)
            if let login = process.loginUID { try login.write(toFile: directory + "/loginuid", atomically: true, encoding: .utf8) }
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
        ])
        defer { try? FileManager.default.removeItem(atPath: root) }
        let found = WaitingReloadScan(root: root).requesters()
        #expect(found.map(\.pid) == [420, 430], "\(found)")
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
}
