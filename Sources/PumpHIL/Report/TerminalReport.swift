import PumpCore

/// The human summary: one block per scenario with its verdict and measurements, then a total.
public enum TerminalReport {
    public static func scenario(_ result: ScenarioResult) -> String {
        let s = result.scenario
        var lines = [
            "\(result.passed ? "PASS" : "FAIL")  \(s.name)  [\(s.hazard)]  \(s.file)",
            "      \(TimeSpan.seconds(result.simulatedSeconds).readable) simulated in \(Self.wall(result.wallSeconds)), \(result.run.samples.count) samples, \(result.run.events.count) events",
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
        return "\(results.count - failed.count) of \(results.count) scenarios passed; \(TimeSpan.seconds(simulated).readable) simulated in \(Self.wall(wall))"
            + (failed.isEmpty ? "" : "\nfailed: " + failed.map(\.scenario.name).joined(separator: ", "))
    }

    /// Measured wall time as people read durations (`250 ms`, `1.8 s`); JUnit keeps the seconds.
    static func wall(_ seconds: Double) -> String {
        let nanoseconds = (seconds * 1e9).rounded(.down)
        return TimeSpan(nanoseconds: nanoseconds.isFinite && nanoseconds > 0 ? Int64(min(nanoseconds, 9e18)) : 0).readable
    }
}
