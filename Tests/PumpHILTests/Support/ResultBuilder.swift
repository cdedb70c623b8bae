import Varlink

@testable import PumpHIL

/// Hand-made scenario results for the reports.
enum ResultBuilder {
    static func scenario(name: String, hazard: String = "a hazard", file: String = "Tests/Scenarios/x.toml") -> Scenario {
        Scenario(
            file: file, name: name, hazard: hazard, summary: "", profile: "hw-profiles/sim.toml", start: "2026-01-05T08:00:00Z",
            durationSeconds: 7_200, sampleEverySeconds: 60, resolutionSeconds: 1, prescription: nil, prescriptions: [:], actions: [],
            expectations: [])
    }

    /// Two actions and three expectations, all passed; three samples and two events.
    static func passed(name: String = "motor-stall") -> ScenarioResult {
        var builder = RunBuilder()
        builder.sample(at: 0, steps: 0, status: ["mode": "running"])
        builder.sample(at: 60, steps: 3, status: ["mode": "running"])
        builder.sample(at: 120, steps: 3, enabled: false, alarms: ["motor-stall"], status: ["mode": "stopped"])
        builder.event("programCommitted", at: 0, role: "clinician", summary: "program committed", detail: ["mode": "continuous"])
        builder.alarm("motor-stall", raisedAt: 90)
        var run = builder.run
        run.actions = [
            ActionOutcome(label: "t=0 s program prescription", t: 0, passed: true, result: "committed; mode running"),
            ActionOutcome(label: "t=60 s faults {\"stall\":true}", t: 60, passed: true, result: "{\"stall\":true}"),
        ]
        let expectations = ["alarm", "stopped", "no delivery"].map {
            ExpectationResult(name: $0, origin: "x.toml:10", passed: true, measured: "fine")
        }
        return ScenarioResult(
            scenario: scenario(name: name), run: run, expectations: expectations, failure: nil, wallSeconds: 0.25, simulatedSeconds: 7_200,
            pumpdLog: "")
    }

    /// One action and one expectation failed, with a hostile name, reasons and log.
    static func failed() -> ScenarioResult {
        var run = RecordedRun()
        run.actions = [
            ActionOutcome(label: "t=0 s program prescription", t: 0, passed: true, result: "committed"),
            ActionOutcome(label: "t=60 s io.pumpd.Pump.GetStatus → refused with <E>", t: 60, passed: false, result: "succeeded, but \"E\" & <F> was expected"),
        ]
        let expectations = [
            ExpectationResult(name: "kept", origin: "y.toml:7", passed: true, measured: "ok"),
            ExpectationResult(name: "deadline <1 s>", origin: "y.toml:12", passed: false, measured: "raised 45 s after", reason: "raised 45 s after t=60 s: later than 1 s"),
        ]
        return ScenarioResult(
            scenario: scenario(name: "a<b & \"c\" 'd'\u{1}", hazard: "bell\u{7} & tab\tnewline\n"), run: run, expectations: expectations, failure: nil,
            wallSeconds: 1.5, simulatedSeconds: 600, pumpdLog: "<6>pumpd: started\n<3>stall \u{0}detected & stopped")
    }

    /// pumpd could not start: nothing ran.
    static func harnessFailure() -> ScenarioResult {
        ScenarioResult(
            scenario: scenario(name: "no-pumpd"), run: RecordedRun(), expectations: [], failure: "pumpd exited with 2 at start:\ncannot read the profile",
            wallSeconds: 0.1, simulatedSeconds: 0, pumpdLog: "cannot read the profile")
    }
}
