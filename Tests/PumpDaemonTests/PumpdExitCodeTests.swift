import Foundation
import Testing

/// Every exit code `pumpd --help` documents is the one pumpd returns for that case.
@Suite struct PumpdExitCodeTests {
    /// The help's exit code table: code to its description.
    static func documented() throws -> [Int32: String] {
        let help = try PumpDaemonProcessTests.run(["--help"]).output
        var codes: [Int32: String] = [:]
        for line in (help.components(separatedBy: "Exit codes:").last ?? "").split(separator: "\n") {
            guard let match = line.firstMatch(of: #/^\s+(\d+)\s+(.+)$/#), let code = Int32(match.1) else { break }
            codes[code] = String(match.2)
        }
        return codes
    }

    @Test func theHelpDocumentsEveryCodeIncludingTheUsageError() throws {
        let codes = try Self.documented()
        #expect(Set(codes.keys) == [0, 1, 2, 3, 4, 5, 64], "\(codes)")
        #expect(codes[64]?.hasPrefix("usage error") == true)
        #expect(codes[2]?.contains("--check-profile found errors") == true)
        #expect(codes[4]?.contains("state database missing") == true)
        #expect(codes[5]?.contains("control socket") == true)
    }

    @Test func aBrokenProfileExitsWithTheDocumentedCodeWhetherCheckedOrStarted() throws {
        let codes = try Self.documented()
        let profile = FileManager.default.temporaryDirectory.appendingPathComponent("exit-broken-\(getpid()).toml")
        try "[rig]\nname = \"bench\"\nkind = \"simulated\"\n[motor]\nstep_volum_pl = 250000\n".write(to: profile, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: profile) }
        let check = try PumpDaemonProcessTests.run(["--check-profile", profile.path])
        let start = try PumpDaemonProcessTests.run(["--profile", profile.path])
        #expect(check.status == 2 && start.status == 2)
        #expect(codes[check.status]?.contains("broken profile") == true)
        let good = try PumpDaemonProcessTests.run(["--check-profile", "hw-profiles/sim.toml"])
        #expect(good.status == 0 && codes[0]?.contains("the profile can run") == true)
    }

    @Test func aBadOptionExitsWithTheDocumentedUsageCode() throws {
        let outcome = try PumpDaemonProcessTests.run(["--tiem-scale", "10"])
        #expect(outcome.status == 64, "\(outcome.output)")
        let invalid = try PumpDaemonProcessTests.run(["--time-scale", "0"])
        #expect(invalid.status == 64, "\(invalid.output)")
    }

    @Test func aMissingStateDirectoryExitsWithTheDocumentedStateCode() throws {
        let outcome = try PumpDaemonProcessTests.run(["--state-dir", "/nonexistent/pumpd-state", "--run-for", "5"])
        #expect(outcome.status == 4, "\(outcome.output)")
        #expect(try Self.documented()[4]?.contains("missing") == true)
    }

    @Test func anUnservableSocketExitsWithTheDocumentedSocketCode() throws {
        let outcome = try PumpDaemonProcessTests.run(["--socket", "/nonexistent/pumpd-run/control.sock", "--run-for", "5"])
        #expect(outcome.status == 5, "\(outcome.output)")
    }

    @Test func theStateDirectoryHelpSaysAMissingOneIsRefused() throws {
        let help = try PumpDaemonProcessTests.run(["--help"]).output
        #expect(!help.contains("created on first start"))
        #expect(help.contains("It must exist"))
    }
}
