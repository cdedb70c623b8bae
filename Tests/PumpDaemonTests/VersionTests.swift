import Foundation
import PumpVersion
import Testing

/// Every tool and the daemon's GetInfo report the one version (PumpVersion), which the Debian
/// package reads from `pumpd --version`.
@Suite struct VersionTests {
    /// The stdout and exit status of a built tool run with `--version`.
    static func version(of tool: String) throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd).deletingLastPathComponent().appendingPathComponent(tool)
        process.arguments = ["--version"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, output)
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
