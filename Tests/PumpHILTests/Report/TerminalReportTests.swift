import Testing

@testable import PumpHIL

@Suite struct TerminalReportTests {
    @Test func aPassedScenarioIsMarkedPassWithEachExpectationTicked() {
        let lines = TerminalReport.scenario(ResultBuilder.passed()).split(separator: "\n").map(String.init)
        #expect(lines.first == "PASS  motor-stall  [a hazard]  Tests/Scenarios/x.toml")
        #expect(lines[1] == "      2 h simulated in 250 ms, 3 samples, 2 events")
        #expect(Array(lines.dropFirst(2)) == ["      ✓ alarm: fine", "      ✓ stopped: fine", "      ✓ no delivery: fine"])
    }

    @Test func aFailedScenarioIsMarkedFailWithEveryProblemAndPumpdsLastLines() {
        let report = TerminalReport.scenario(ResultBuilder.failed())
        let lines = report.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("FAIL  a<b") == true)
        #expect(lines.contains("      ✗ deadline <1 s>: raised 45 s after"))
        #expect(lines.contains("      ✗ action t=60 s io.pumpd.Pump.GetStatus → refused with <E>: succeeded, but \"E\" & <F> was expected"))
        #expect(lines.contains("      ✗ deadline <1 s> (y.toml:12): raised 45 s after t=60 s: later than 1 s"))
        #expect(lines.contains("      pumpd's last lines:"))
        #expect(lines.contains("        <6>pumpd: started"))
    }

    @Test func aHarnessFailureIsMarkedFail() {
        let report = TerminalReport.scenario(ResultBuilder.harnessFailure())
        #expect(report.hasPrefix("FAIL  no-pumpd"))
        #expect(report.contains("      ✗ harness: pumpd exited with 2 at start:"))
    }

    @Test func theTotalCountsPassesAndNamesTheFailures() {
        let total = TerminalReport.total([ResultBuilder.passed(), ResultBuilder.failed(), ResultBuilder.harnessFailure()])
        #expect(total.hasPrefix("1 of 3 scenarios passed; 2 h 10 min simulated in 1.8 s"))
        #expect(total.hasSuffix("\nfailed: a<b & \"c\" 'd'\u{1}, no-pumpd"))
        #expect(TerminalReport.total([ResultBuilder.passed()]) == "1 of 1 scenarios passed; 2 h simulated in 250 ms")
    }

    @Test func wallTimeReadsAsADurationNotSeconds() {
        #expect(TerminalReport.wall(0.25) == "250 ms")
        #expect(TerminalReport.wall(65) == "1 min 5 s")
        #expect(TerminalReport.wall(-1) == "0 s")
        #expect(TerminalReport.wall(.nan) == "0 s")
    }
}
