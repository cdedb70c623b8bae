import PropertyBased
import PumpCore
import Testing

@Suite struct OverinfusionGuardPropertyTests {
    static let tolerance: Int64 = 2

    static func makeGuard(concentration: Concentration) -> OverinfusionGuard {
        OverinfusionGuard(
            toleranceSteps: tolerance, deadVolume: .microlitres(100), reservoir: concentration, pathPrimed: true,
            clock: TherapyScenario.origin)
    }

    static func run(_ scenario: TherapyScenario) -> PlannerScenarioRun {
        var run = PlannerScenarioRun(scenario)
        var guardUnderTest = Self.makeGuard(concentration: scenario.drugConcentration)
        guardUnderTest.programChanged(basal: scenario.basal, periodic: scenario.periodicBolus, at: TherapyScenario.origin)
        guardUnderTest.started(at: TherapyScenario.origin)
        run.guardUnderTest = guardUnderTest
        return run
    }

    @Test func guardNeverTripsOnACorrectPlan() async {
        await propertyCheck(count: 30, input: Gen.uint64(in: 0...UInt64.max)) { seed in
            let scenario = TherapyScenario.random(seed: seed, days: 30)
            var run = Self.run(scenario)
            var worstExcess = Int64.min
            run.run { run, reading in
                let tripped = !run.guardUnderTest!.allowStep(run.scenario.stepVolume, at: reading)
                worstExcess = max(worstExcess, run.guardUnderTest!.excessPicolitres)
                if tripped { Issue.record("guard tripped on a correct plan at step \(run.steps): excess \(run.guardUnderTest!.excessPicolitres) pL — \(scenario)") }
            }
            // The envelope hugs the plan: a correct plan never gets more than a few picolitres past it.
            #expect(worstExcess <= PlannerScenarioRun.slackPicolitres, "\(scenario)")
        }
    }

    @Test func guardAlwaysTripsOnABurstOfMoreThanToleranceExtraSteps() async {
        await propertyCheck(count: 30, input: Gen.uint64(in: 0...UInt64.max), Gen.int(in: 1...5000)) { seed, burstAt in
            let scenario = TherapyScenario.random(seed: seed, days: 30)
            var run = Self.run(scenario)
            var burstDone = false
            run.run { run, reading in
                let steps = run.scenario.stepVolume
                if !run.guardUnderTest!.allowStep(steps, at: reading), !burstDone {
                    Issue.record("guard tripped before any extra step — \(scenario)")
                }
                guard run.steps == burstAt, !burstDone else { return }
                burstDone = true
                // A burst of tolerance + 2 steps that the planner never asked for, at the same instant.
                var tripped = false
                for _ in 0..<(Self.tolerance + 2) { tripped = !run.guardUnderTest!.allowStep(steps, at: reading) }
                #expect(tripped, "burst of \(Self.tolerance + 2) extra steps at step \(burstAt) went unnoticed — \(scenario)")
            }
            if !burstDone { #expect(run.guardUnderTest!.tripped == false) }
        }
    }

    @Test func guardTripsWhenThePlannerIsDrivenFasterThanProgrammed() {
        // A planner bug stand-in: the motor is fed at 110 % of the programmed rate. Within a day the
        // excess passes the tolerance and the guard trips.
        let program = BasalProgram.continuous(.microgramsPerDay(500))  // 250 µL/day at 2000 µg/mL: a step every 86.4 s
        var guardUnderTest = Self.makeGuard(concentration: .microgramsPerMillilitre(2000))
        guardUnderTest.programChanged(basal: program, periodic: nil, at: TherapyScenario.origin)
        guardUnderTest.started(at: TherapyScenario.origin)
        var trippedAtStep: Int?
        for step in 1...1100 {
            let reading = TherapyScenario.origin.advanced(by: .nanoseconds(Int64(step) * 86_400_000_000 * 10 / 11))
            if !guardUnderTest.allowStep(.nanolitres(250), at: reading) { trippedAtStep = step; break }
        }
        // Excess after n steps = n × (1 − 10/11) steps; it exceeds 2 steps at n = 23 (23/11 = 2.09).
        #expect(trippedAtStep == 23)
    }
}
