import Testing

@testable import PumpHIL

/// The lost-steps and coupling-slip scenarios bound what the motor pushed after the fault: with
/// those faults no fluid moves, so a bound on the tip volume holds whatever the motion tolerance
/// and could never fail. Judged on made-up runs: the steps sim.toml's tolerance allows pass, the
/// steps a looser tolerance would let through fail.
@Suite struct StallScenarioBoundTests {
    static let files = ["stepper-lost-steps.toml", "stepper-coupling-slip.toml"].map { TestPaths.scenarios + "/" + $0 }

    /// The motor steps until t=1800 s (the fault), makes `steps` more that move no fluid, and stops.
    static func stall(stepsAfterFault steps: Int64) -> RunBuilder {
        var run = RunBuilder()
        run.sample(at: 1_799, steps: 2_000, tip: 500_000)
        run.sample(at: 1_800, steps: 2_000, tip: 500_000)
        run.sample(at: 1_830, steps: 2_000 + steps, enabled: false, tip: 500_000)
        run.sample(at: 3_600, steps: 2_000 + steps, enabled: false, tip: 500_000)
        return run
    }

    /// The scenario's volume bounds, judged on `run`.
    static func bounds(of path: String, on run: RunBuilder) throws -> [ExpectationResult] {
        let scenario = try ScenarioDecoder.load(path: path)
        let bounds = scenario.expectations.filter { if case .deliveredAtMost = $0.kind { true } else { false } }
        #expect(!bounds.isEmpty, "\(path) bounds no volume")
        return ExpectationEvaluator(run: run.run).judge(bounds)
    }

    @Test(arguments: StallScenarioBoundTests.files)
    func stallScenarioPassesToleranceStepsAndFailsTheStepsOfALooserTolerance(path: String) throws {
        // sim.toml: motion_tolerance_steps 2, so the third unseen step latches the stall.
        let tight = try Self.bounds(of: path, on: Self.stall(stepsAfterFault: 3))
        #expect(tight.allSatisfy { $0.passed }, "\(tight.map(\.reason))")
        // motion_tolerance_steps 8 would let nine steps through before the alarm.
        let loose = try Self.bounds(of: path, on: Self.stall(stepsAfterFault: 9))
        #expect(loose.contains { !$0.passed && $0.reason == "pumped 2250 nL, 1500 nL over 750 nL" }, "\(loose.map(\.reason))")
    }
}
