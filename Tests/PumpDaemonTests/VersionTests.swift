import Foundation
import PumpTestKit
import PumpVersion
import Testing

/// Every tool and the daemon's GetInfo report the one version (PumpVersion), which the Debian
/// package reads from `pumpd --version`.
@Suite struct VersionTests {
    /// The output and exit status of a built tool run with `--version`.
    static func version(of tool: String) throws -> (status: Int32, output: String) {
        try CommandRun.run(URL(fileURLWithPath: PumpDaemonProcessTests.pumpd).deletingLastPathComponent().appendingPathComponent(tool).path, ["--version"])
    }

    @Test(arguments: ["pumpd", "pumpctl", "pump-hil"])
    func eachToolPrintsExactlyTheOneVersion(tool: String) throws {
        let outcome = try Self.version(of: tool)
        #expect(outcome.status == 0)
        #expect(outcome.output == PumpVersion.number + "\n", "\(tool): \(outcome.output)")
    }

    @Test func getInfoReportsTheSameVersion() throws {
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        #expect(try daemon.call("org.varlink.service.GetInfo")["version"]?.stringValue == PumpVersion.number)
    }
}
