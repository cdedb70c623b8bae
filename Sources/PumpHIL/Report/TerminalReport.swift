/// The human summary: one block per scenario with its verdict and measurements, then a total.
public enum TerminalReport {
    public static func scenario(_ result: ScenarioResult) -> String {
        let s = result.scenario
        var lines = [
            "\(result.passed ? "PASS" : "FAIL")  \(s.name)  [\(s.hazard)]  \(s.file)",
            "      \(days(result.simulatedSeconds)) simulated in \(JUnitReport.format(result.wallSeconds)) s, \(result.run.samples.count) samples, \(result.run.events.count) events",
        ]
        for expectation in result.expectations {
            lines.append("      \(expectation.passed ? "✓" : "✗") \(expectation.name): \(expectation.measured)")
        }
        for problem in result.problems { lines.append("      ✗ \(problem)") }
        if !result.pumpdLog.isEmpty {
            lines.append("      pumpd's last lines:")
            lines += result.pumpdLog.split(separator: "\n").map { "        \($0)" }
        }
        return lines.joined(separator: "\n")
    }

    public static func total(_ results: [ScenarioResult]) -> String {
        let failed = results.filter { !$0.passed }
        let wall = results.reduce(0) { $0 + $1.wallSeconds }
        let simulated = results.reduce(0) { $0 + $1.simulatedSeconds }
        return "\(results.count - failed.count) of \(results.count) scenarios passed; \(days(simulated)) simulated in \(JUnitReport.format(wall)) s"
            + (failed.isEmpty ? "" : "\nfailed: " + failed.map(\.scenario.name).joined(separator: ", "))
    }

    static func days(_ seconds: Int64) -> String {
        seconds >= 86_400 ? "\(seconds / 86_400) d \(seconds % 86_400 / 3_600) h" : seconds >= 3_600 ? "\(seconds / 3_600) h \(seconds % 3_600 / 60) min" : "\(seconds) s"
    }
}
