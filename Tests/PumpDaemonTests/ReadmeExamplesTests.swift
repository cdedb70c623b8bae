import Foundation
import PumpTestKit
import Testing

/// README.md's tested examples run, as a reader would type them, against a real pumpd on the
/// simulated rig, so they cannot rot: a renamed flag or a changed exit status fails here.
@Suite struct ReadmeExamplesTests {
    static let readme = PumpDaemonProcessTests.repository.appendingPathComponent("README.md").path
    static let binaries = URL(fileURLWithPath: PumpDaemonProcessTests.pumpd).deletingLastPathComponent().path

    @Test func theMarkedBlocksAreFoundWithTheirContinuationsAndStatedExitCodes() {
        let text = """
            intro
            ```sh
            pumpctl untested
            ```
            <!-- tested -->
            ```sh
            # a comment
            pumpctl status

            pumpctl bolus --dose 60ug \\
                --duration 10min   # exit 1: above the maximum
            ```
            """
        let examples = ReadmeExamples.examples(in: text)
        #expect(examples.map(\.command) == ["pumpctl status", "pumpctl bolus --dose 60ug --duration 10min"])
        #expect(examples.map(\.expectedStatus) == [0, 1])
        #expect(examples.map(\.line) == [8, 10])
    }

    @Test func aMarkerWithoutABlockIsAnExampleThatFails() {
        let examples = ReadmeExamples.examples(in: "<!-- tested -->\nprose\n")
        #expect(examples.count == 1 && examples[0].command.hasPrefix("false"))
    }

    @Test func everyTestedReadmeExampleEndsWithTheStatusItStates() throws {
        let examples = ReadmeExamples.examples(in: try String(contentsOfFile: Self.readme, encoding: .utf8))
        #expect(examples.count >= 8, "README.md lost its tested examples: \(examples)")
        let daemon = try RunningDaemon().start()
        defer { daemon.shutdown() }
        // Run from a scratch directory that sees the repository's profiles and scenarios, so an
        // example writing a file leaves the repository alone.
        let scratch = daemon.stateDirectory + "/readme"
        try FileManager.default.createDirectory(atPath: scratch, withIntermediateDirectories: true)
        for name in ["hw-profiles", "Tests"] {
            try FileManager.default.createSymbolicLink(
                atPath: scratch + "/" + name, withDestinationPath: PumpDaemonProcessTests.repository.appendingPathComponent(name).path)
        }
        var environment = ProcessInfo.processInfo.environment
        environment["PATH"] = Self.binaries + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        environment["PUMPD_SOCKET"] = daemon.socket
        environment["NO_COLOR"] = "1"
        for example in examples {
            let result = try CommandRun.run("/bin/bash", ["-c", example.command], directory: scratch, environment: environment)
            #expect(result.status == example.expectedStatus, "\(example) exited \(result.status):\n\(result.output)")
        }
    }
}
