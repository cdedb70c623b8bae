import ArgumentParser
import Foundation
import PumpHIL
import Varlink

struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run", abstract: "Run scenarios and report: terminal summary, optional JUnit XML and JSON record.")

    @Argument(help: "Scenario files (TOML).")
    var scenarios: [String]

    @Option(help: ArgumentHelp("Use the pumpd serving this socket instead of starting one (scenarios that restart pumpd then fail).", valueName: "path"))
    var socket: String?

    @Option(help: ArgumentHelp("The pumpd executable to start (default: the one beside pump-hil, else on PATH).", valueName: "file"))
    var pumpd: String?

    @Option(help: ArgumentHelp("Write JUnit XML here.", valueName: "file"))
    var junit: String?

    @Option(help: ArgumentHelp("Write the JSON record of every sample and event here.", valueName: "file"))
    var json: String?

    @Flag(help: "Only the summary: no progress lines.")
    var quiet = false

    func run() throws { try HILExit.guarding(runScenarios) }

    private func runScenarios() throws {
        let loaded = try Loading.scenarios(scenarios)
        let target: ScenarioRunner.Target = socket.map { .attach(socket: $0) } ?? .launch(pumpd: pumpd ?? PumpdProcess.besideThisExecutable())
        var results: [ScenarioResult] = []
        for (index, scenario) in loaded.enumerated() {
            if !quiet { Output.line("[\(index + 1)/\(loaded.count)] \(scenario.name): \(scenario.hazard)") }
            let runner = ScenarioRunner(target: target)
            if !quiet { runner.progress = { Output.line($0) } }
            let result = runner.run(scenario)
            Output.line(TerminalReport.scenario(result))
            results.append(result)
        }
        Output.line(TerminalReport.total(results))
        if let junit { try write(JUnitReport.xml(results), to: junit) }
        if let json { try write(String(decoding: JSONRecord.document(results).serialized(), as: UTF8.self) + "\n", to: json) }
        if results.contains(where: { !$0.passed }) { throw HILExit.failed.code }
    }

    private func write(_ text: String, to path: String) throws {
        let url = URL(fileURLWithPath: path)
        try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
        try text.write(to: url, atomically: true, encoding: .utf8)
    }
}

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check", abstract: "Check scenario files without running them: every problem with its line and key.")

    @Argument(help: "Scenario files (TOML).")
    var scenarios: [String]

    func run() throws {
        let loaded = try Loading.scenarios(scenarios)
        for scenario in loaded {
            Output.line("\(scenario.file): \(scenario.name): \(scenario.actions.count) actions, \(scenario.expectations.count) expectations, \(scenario.durationSeconds) s")
        }
    }
}

enum Loading {
    /// Every scenario, or every problem of every file (exit 2): nothing runs from a broken set.
    /// Every key of every file is checked here (fault switches and the profile's place included),
    /// so `check` and `run` refuse the same files and `run` starts pumpd only for a whole set.
    static func scenarios(_ paths: [String]) throws -> [Scenario] {
        var loaded: [Scenario] = []
        var broken = false
        for path in paths {
            do { loaded.append(try ScenarioDecoder.load(path: path)) } catch {
                broken = true
                FileHandle.standardError.write(Data("\(error)\n".utf8))
            }
        }
        if broken { throw HILExit.broken.code }
        return loaded
    }
}
