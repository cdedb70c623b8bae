import Foundation
import PumpTestKit
import Testing

/// The pump-hil binary returns exactly the exit codes its --help documents.
@Suite struct PumpHILExitCodeTests {
    static let pumpHIL = URL(fileURLWithPath: TestPaths.pumpd).deletingLastPathComponent().appendingPathComponent("pump-hil").path

    /// Runs pump-hil from `/`: nothing may depend on the working directory.
    static func run(_ arguments: [String]) throws -> (status: Int32, output: String) {
        try CommandRun.run(pumpHIL, arguments, directory: "/")
    }

    /// `Exit codes: 0 …; 1 …; 2 …; 64 ….` from --help, as code → meaning.
    static func documented() throws -> [Int32: String] {
        let help = try run(["--help"]).output.replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: #"\s+"#, with: " ", options: .regularExpression)
        let paragraph = try #require(help.range(of: "Exit codes: ")).upperBound
        let text = help[paragraph...].prefix { $0 != "." }
        var codes: [Int32: String] = [:]
        for item in text.split(separator: ";") {
            let words = item.trimmingCharacters(in: .whitespaces).split(separator: " ", maxSplits: 1)
            if let code = Int32(words[0]) { codes[code] = words.count > 1 ? String(words[1]) : "" }
        }
        return codes
    }

    /// A scenario file in a scratch directory; its profile is the repository's, by absolute path.
    static func scenario(_ body: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("pump-hil-exit-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let path = directory + "/s.toml"
        try """
            [scenario]
            name = "s"
            hazard = "h"
            profile = "\(TestPaths.simulatedRig)"
            duration_s = 120

            \(body)
            """.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    @Test func helpDocumentsTheFiveExitCodes() throws {
        let codes = try Self.documented()
        #expect(codes.keys.sorted() == [0, 1, 2, 3, 64], "\(codes)")
        #expect(codes[0]?.contains("passed") == true && codes[1]?.contains("failed") == true)
        #expect(codes[2]?.contains("broken") == true && codes[64]?.contains("command line") == true)
    }

    @Test func eachDocumentedSituationExitsWithItsCode() throws {
        let codes = try Self.documented()
        let good = try Self.scenario("[[expect]]\nevent_absent = \"bolusStarted\"\n")
        let failing = try Self.scenario("[[expect]]\nalarm_raised = \"occlusion\"\nwithin_s = 60\n")
        let broken = try Self.scenario("[[action]]\nat_s = 10\nfaults = { occlusoin = true }\n[[expect]]\nevent = \"x\"\n")
        let outcomes: [(situation: String, arguments: [String], code: Int32)] = [
            ("passed", ["run", "--quiet", "--pumpd", TestPaths.pumpd, good], 0),
            ("failed", ["run", "--quiet", "--pumpd", TestPaths.pumpd, failing], 1),
            ("broken", ["run", "--pumpd", TestPaths.pumpd, good, broken], 2),
            ("broken", ["check", broken], 2),
            ("report unwritable", ["run", "--quiet", "--pumpd", TestPaths.pumpd, "--junit", "/etc/hostname/junit.xml", good], 3),
            ("unreadable", ["check", "/nonexistent/scenario.toml"], 2),
            ("unreadable", ["run", "--pumpd", TestPaths.pumpd, "/nonexistent/scenario.toml"], 2),
            ("CSV unreadable", ["accuracy", "--rate", "1mL/h", "--balance-csv", "/nonexistent/balance.csv", "--step-volume", "250"], 3),
            ("command line", ["check", "--bogus", good], 64),
            ("command line", ["chek", good], 64),
            ("command line", ["accuracy", "--rate", "fast"], 64),
        ]
        for outcome in outcomes {
            let result = try Self.run(outcome.arguments)
            #expect(result.status == outcome.code, "\(outcome.arguments): \(result.output)")
            #expect(codes[outcome.code]?.contains(outcome.situation) == true, "--help says \(codes[outcome.code] ?? "nothing") for \(outcome.code)")
        }
        #expect(try Self.run(["check", good]).status == 0)
    }

    @Test func checkRefusesAMisspeltFaultWithItsPlaceAndSuggestionAndRunStartsNothing() throws {
        let broken = try Self.scenario("[[action]]\nat_s = 10\nfaults = { occlusoin = true }\n[[expect]]\nevent = \"x\"\n")
        let check = try Self.run(["check", broken])
        #expect(check.output.contains("\(broken):9:12: action[1].faults.occlusoin: no such rig fault; did you mean \"occlusion\"?"), "\(check.output)")
        // A pumpd that cannot start proves none was started: the set is refused before.
        let run = try Self.run(["run", "--pumpd", "/nonexistent/pumpd", broken])
        #expect(run.status == 2 && !run.output.contains("pumpd"), "\(run.output)")
    }

    @Test func aMisspeltCommandIsRefusedWithTheCommandItMeant() throws {
        let result = try Self.run(["chek", "/nonexistent/scenario.toml"])
        #expect(result.status == 64)
        #expect(result.output.contains("unknown command \"chek\": did you mean \"check\"?"), "\(result.output)")
        #expect(!result.output.contains("unexpected argument"), "\(result.output)")
    }

    @Test func aBadAccuracyOptionIsShownWithTheAccuracyUsage() throws {
        let result = try Self.run(["accuracy", "--rate", "fast"])
        #expect(result.status == 64)
        #expect(result.output.contains("Usage: pump-hil accuracy"), "\(result.output)")
    }

    @Test func anUnreadableScenarioFileIsReportedAsBrokenWithItsPath() throws {
        let result = try Self.run(["check", "/nonexistent/scenario.toml"])
        #expect(result.status == 2)
        #expect(result.output.contains("/nonexistent/scenario.toml"), "\(result.output)")
    }
}
