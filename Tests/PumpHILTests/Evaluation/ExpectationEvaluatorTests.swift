import Testing
import Varlink

@testable import PumpHIL

/// Every kind of expectation on hand-made runs: one that passes and the ways it fails, each
/// failure naming the number it failed on. Steps are 250 nL.
@Suite struct ExpectationEvaluatorTests {
    // MARK: alarm_raised

    static func occlusionRaised(at t: Int64) -> RunBuilder {
        var run = RunBuilder()
        run.alarm("occlusion", raisedAt: 50)  // before the window: does not count
        run.alarm("occlusion", raisedAt: t)
        return run
    }

    @Test func anAlarmRaisedWithinItsDeadlinePasses() {
        let result = Self.occlusionRaised(at: 130).judge(.alarmRaised(alarm: "occlusion", after: 100, within: 60))
        #expect(result.passed)
        #expect(result.measured == "raised 30 s after t=100 s")
        #expect(result.reason == "")
    }

    @Test func anAlarmRaisedTooLateFailsNamingHowLate() {
        let result = Self.occlusionRaised(at: 175).judge(.alarmRaised(alarm: "occlusion", after: 100, within: 60))
        #expect(!result.passed)
        #expect(result.reason == "raised 75 s after t=100 s: later than 60 s")
    }

    @Test func anAlarmNeverRaisedAfterItsOnsetFails() {
        var run = RunBuilder()
        run.alarm("occlusion", raisedAt: 50)
        run.alarm("motor-stall", raisedAt: 120)
        let result = run.judge(.alarmRaised(alarm: "occlusion", after: 100, within: 60))
        #expect(!result.passed)
        #expect(result.reason == "no occlusion alarm was raised after t=100 s")
    }

    // MARK: alarm_absent

    @Test func anAlarmOutsideTheWindowLeavesItAbsent() {
        let result = Self.occlusionRaised(at: 700).judge(.alarmAbsent(alarm: "occlusion", from: 100, to: 600))
        #expect(result.passed)
        #expect(result.measured == "0 raised")
    }

    @Test func anAlarmRaisedInTheWindowFailsNamingWhen() {
        let result = Self.occlusionRaised(at: 400).judge(.alarmAbsent(alarm: "occlusion", from: 100, to: 600))
        #expect(!result.passed)
        #expect(result.reason == "raised at t=400 s")
    }

    @Test func anEmptyWindowHoldsNoAlarmAndDoesNotTrap() {
        // A window that ends before it starts (the decoder refuses one; a program may build it).
        let result = Self.occlusionRaised(at: 400).judge(.alarmAbsent(alarm: "occlusion", from: 600, to: 100))
        #expect(result.passed)
    }

    // MARK: motor_stopped

    /// Steps every 10 s until `stepping`, disabled from `disabled`, sampled every 10 s to 300.
    static func motor(steppingUntil stepping: Int64, disabledFrom disabled: Int64) -> RunBuilder {
        var run = RunBuilder()
        for t in stride(from: Int64(0), through: 300, by: 10) {
            run.sample(at: t, steps: min(t, stepping) / 10, enabled: t < disabled)
        }
        return run
    }

    @Test func aMotorDisabledAndStillWithinTheDeadlinePasses() {
        let result = Self.motor(steppingUntil: 110, disabledFrom: 120).judge(.motorStopped(after: 100, within: 30, until: 300))
        #expect(result.passed)
        #expect(result.measured == "stopped 20 s after t=100 s")
    }

    @Test func aMotorStoppedTooLateFailsNamingWhen() {
        let result = Self.motor(steppingUntil: 190, disabledFrom: 200).judge(.motorStopped(after: 100, within: 30, until: 300))
        #expect(!result.passed)
        #expect(result.reason == "the motor stopped 100 s after t=100 s: later than 30 s")
    }

    @Test func aMotorStillSteppingFails() {
        let result = Self.motor(steppingUntil: 300, disabledFrom: 400).judge(.motorStopped(after: 100, within: 30, until: 300))
        #expect(!result.passed)
        #expect(result.reason == "the motor was still enabled or stepping at t=300 s")
    }

    @Test func aDisabledMotorThatStillStepsIsNotStopped() {
        // ENABLE low but the count still moving (a driver ignoring ENABLE) is not a stop.
        var run = RunBuilder()
        for t in stride(from: Int64(100), through: 300, by: 10) { run.sample(at: t, steps: t / 10, enabled: false) }
        let result = run.judge(.motorStopped(after: 100, within: 30, until: 300))
        #expect(!result.passed)
    }

    /// With the rig's last-step time the stop is timed to the millisecond, not to the sample.
    @Test func theRigsLastStepTimeMeasuresTheStopBetweenSamples() {
        var run = RunBuilder()
        run.sample(at: 100, steps: 10)
        // Sampled 1 s after the onset: the last step was 0.61 s before the sample, 0.39 s after the onset.
        for t in [Int64(101), 102, 200] { run.sample(at: t, steps: 11, enabled: false, lastStepAgo: (t - 101) * 1_000_000_000 + 610_000_000) }
        let fast = run.judge(.motorStopped(after: 100, within: 1, until: 200))
        #expect(fast.passed)
        #expect(fast.measured == "last step 0.390 s after t=100 s; disabled and still from t=101 s")
        var late = RunBuilder()
        late.sample(at: 100, steps: 10)
        for t in [Int64(102), 200] { late.sample(at: t, steps: 11, enabled: false, lastStepAgo: (t - 102) * 1_000_000_000 + 200_000_000) }
        let slow = late.judge(.motorStopped(after: 100, within: 1, until: 200))
        #expect(!slow.passed)
        #expect(slow.reason == "the motor's last step came 1.800 s after t=100 s: later than 1 s")
    }

    @Test func aStepWhileEnableWasInactiveFailsTheInvariantEveryScenarioChecks() {
        var clean = RunBuilder()
        for t in [Int64(0), 10, 20] { clean.sample(at: t, stepsWhileDisabled: 0) }
        #expect(ExpectationEvaluator(run: clean.run).invariants().map(\.passed) == [true])
        var faulty = RunBuilder()
        for (t, count) in [(Int64(0), Int64(0)), (10, 2), (20, 2)] { faulty.sample(at: t, stepsWhileDisabled: count) }
        let verdict = ExpectationEvaluator(run: faulty.run).invariants()
        #expect(verdict.map(\.passed) == [false])
        #expect(verdict.first?.reason == "2 STEP pulses were issued while ENABLE was inactive")
        // A rig whose truth does not count them is not judged on it.
        #expect(ExpectationEvaluator(run: RunBuilder().run).invariants().isEmpty)
    }

    // MARK: no_delivery_after_alarm

    static func stall(stepsAfterAlarm: [Int64], raisedAt raise: Int64 = 100) -> RunBuilder {
        var run = RunBuilder()
        run.sample(at: raise - 10, steps: 10)
        run.alarm("motor-stall", raisedAt: raise)
        for (index, steps) in stepsAfterAlarm.enumerated() {
            run.sample(at: raise + Int64(index) * 10, steps: steps, enabled: false, alarms: ["motor-stall"])
        }
        run.sample(at: raise + Int64(stepsAfterAlarm.count) * 10, steps: 99)  // cleared: delivery may resume
        return run
    }

    @Test func oneStepUnderWayWhenTheAlarmIsRaisedIsAllowed() {
        let result = Self.stall(stepsAfterAlarm: [10, 11, 11, 11]).judge(.noDeliveryAfterAlarm(alarm: "motor-stall", until: 600))
        #expect(result.passed)
        #expect(result.measured == "1 steps in 4 samples after the alarm")
    }

    @Test func stepsAfterACriticalAlarmFailNamingHowMany() {
        let result = Self.stall(stepsAfterAlarm: [10, 11, 13, 14]).judge(.noDeliveryAfterAlarm(alarm: "motor-stall", until: 600))
        #expect(!result.passed)
        #expect(result.reason == "the motor made 4 forward steps after the motor-stall alarm")
    }

    @Test func noDeliveryAfterAnAlarmThatNeverCameFails() {
        let result = RunBuilder().judge(.noDeliveryAfterAlarm(alarm: "motor-stall", until: 600))
        #expect(!result.passed)
        #expect(result.reason == "the motor-stall alarm was never raised")
    }

    @Test func anAlarmRaisedAfterTheWindowFailsWithoutTrapping() {
        // `until_s` before the raise: nothing to judge (this trapped on an empty range).
        let result = Self.stall(stepsAfterAlarm: [10, 10], raisedAt: 4_000).judge(.noDeliveryAfterAlarm(alarm: "motor-stall", until: 3_600))
        #expect(!result.passed)
        #expect(result.reason == "no sample while the motor-stall alarm was active")
    }

    // MARK: delivered

    /// 40 steps (10 µL) pumped and 9.9 µL out of the tip in the hour.
    static let hour: RunBuilder = {
        var run = RunBuilder()
        run.sample(at: 0, steps: 100, tip: 1_000)
        run.sample(at: 1_800, steps: 120, tip: 5_900)
        run.sample(at: 3_600, steps: 140, tip: 10_900)
        return run
    }()

    @Test func pumpedVolumeWithinToleranceAndOffTolerance() {
        let within = Self.hour.judge(.delivered(from: 0, to: 3_600, measure: .pumped, expected: 10_100, tolerance: 250))
        #expect(within.passed)
        #expect(within.measured == "10000 nL (expected 10100 ± 250)")
        let off = Self.hour.judge(.delivered(from: 0, to: 3_600, measure: .pumped, expected: 11_000, tolerance: 250))
        #expect(!off.passed)
        #expect(off.reason == "pumped 10000 nL, off by -1000 nL")
    }

    @Test func tipVolumeWithinToleranceAndOffTolerance() {
        let within = Self.hour.judge(.delivered(from: 0, to: 3_600, measure: .tip, expected: 10_000, tolerance: 100))
        #expect(within.passed)
        #expect(within.measured == "9900 nL (expected 10000 ± 100)")
        let off = Self.hour.judge(.delivered(from: 0, to: 1_800, measure: .tip, expected: 4_000, tolerance: 100))
        #expect(!off.passed)
        #expect(off.reason == "tip 4900 nL, off by 900 nL")
    }

    @Test func deliveredWithoutSamplesInTheWindowFails() {
        let result = Self.hour.judge(.delivered(from: 4_000, to: 5_000, measure: .pumped, expected: 0, tolerance: 0))
        #expect(!result.passed)
        #expect(result.reason == "no truth samples at t=4000 s and t=5000 s")
    }

    // MARK: delivered_at_most

    @Test func aVolumeWithinItsBoundPassesAndOneOverItFailsNamingTheExcess() {
        let within = Self.hour.judge(.deliveredAtMost(from: 1_800, to: 3_600, measure: .tip, atMost: 5_000))
        #expect(within.passed)
        #expect(within.measured == "5000 nL (at most 5000)")
        let over = Self.hour.judge(.deliveredAtMost(from: 0, to: 3_600, measure: .pumped, atMost: 2_000))
        #expect(!over.passed)
        #expect(over.reason == "pumped 10000 nL, 8000 nL over 2000 nL")
    }

    @Test func aBoundWithoutSamplesInTheWindowFails() {
        let result = Self.hour.judge(.deliveredAtMost(from: 4_000, to: 5_000, measure: .tip, atMost: 1_000_000))
        #expect(!result.passed)
        #expect(result.reason == "no truth samples at t=4000 s and t=5000 s")
    }

    // MARK: no_catch_up

    /// `steps` steps in the hour after a restart at 1_000.
    static func afterRestart(steps: Int64) -> RunBuilder {
        var run = RunBuilder()
        run.sample(at: 1_000, steps: 50)
        run.sample(at: 4_600, steps: 50 + steps)
        return run
    }

    /// 240 µL/day: 10 µL (40 steps) an hour.
    static let noCatchUp = Expectation.Kind.noCatchUp(after: 1_000, window: 3_600, rateNanolitresPerDay: 240_000, toleranceSteps: 1, resumes: true)

    @Test func deliveryAtTheProgramsRateAfterARestartPasses() {
        let result = Self.afterRestart(steps: 41).judge(Self.noCatchUp)
        #expect(result.passed)
        #expect(result.measured == "10250 nL in 3600 s (program 10000 nL)")
    }

    @Test func catchUpAfterARestartFailsNamingTheExcess() {
        let result = Self.afterRestart(steps: 60).judge(Self.noCatchUp)
        #expect(!result.passed)
        #expect(result.reason == "pumped 15000 nL in 3600 s: more than the program's 10000 nL + 1 steps (catch-up)")
    }

    @Test func deliveryThatDoesNotResumeFailsUnlessNotRequired() {
        let result = Self.afterRestart(steps: 20).judge(Self.noCatchUp)
        #expect(!result.passed)
        #expect(result.reason == "pumped 5000 nL in 3600 s: delivery did not resume at the program's 10000 nL")
        let stopped = Expectation.Kind.noCatchUp(after: 1_000, window: 3_600, rateNanolitresPerDay: 240_000, toleranceSteps: 1, resumes: false)
        #expect(Self.afterRestart(steps: 0).judge(stopped).passed)
    }

    @Test func aHighRateOverALongWindowIsJudgedWithoutOverflow() {
        // The decoder accepts up to 2^40 nL/day and 400 days; their product does not fit 64 bits.
        let rate = Int64(1) << 40
        let days: Int64 = 400
        var run = RunBuilder()
        run.sample(at: 0, steps: 0)
        run.sample(at: days * 86_400, steps: (rate * days + 125) / 250)
        let result = run.judge(.noCatchUp(after: 0, window: days * 86_400, rateNanolitresPerDay: rate, toleranceSteps: 1, resumes: true))
        #expect(result.passed, "\(result.reason)")
    }

    // MARK: event

    static let bolus: RunBuilder = {
        var run = RunBuilder()
        run.event("bolusStarted", at: 600, role: "operator", summary: "bolus of 20 µg", detail: ["dose": 20_000])
        return run
    }()

    @Test func anEventByTheRightRoleInTheWindowPasses() {
        let result = Self.bolus.judge(.event(kind: "bolusStarted", after: 600, within: 1, role: "operator", contains: "20000"))
        #expect(result.passed)
        #expect(result.measured == "1 logged")
    }

    @Test func anEventByAnotherRoleFailsNamingWhoAndWhen() {
        let result = Self.bolus.judge(.event(kind: "bolusStarted", after: 600, within: 1, role: "clinician", contains: nil))
        #expect(!result.passed)
        #expect(result.reason == "bolusStarted logged only at t=600 s by operator")
    }

    @Test func anEventOutsideTheWindowOrWithoutTheTextFails() {
        let late = Self.bolus.judge(.event(kind: "bolusStarted", after: 0, within: 60, role: nil, contains: nil))
        #expect(!late.passed)
        #expect(late.reason == "bolusStarted logged only at t=600 s by operator")
        let other = Self.bolus.judge(.event(kind: "bolusStarted", after: 600, within: 1, role: nil, contains: "50000"))
        #expect(!other.passed)
    }

    @Test func anAbsentEventFails() {
        let result = Self.bolus.judge(.event(kind: "bolusCompleted", after: 0, within: 3_600, role: nil, contains: nil))
        #expect(!result.passed)
        #expect(result.reason == "no bolusCompleted event was logged")
    }

    // MARK: event_absent

    @Test func anEventOutsideTheWindowLeavesItAbsent() {
        let result = Self.bolus.judge(.eventAbsent(kind: "bolusStarted", from: 601, to: 3_600))
        #expect(result.passed)
    }

    @Test func anEventPresentWhenItMustBeAbsentFailsNamingWhen() {
        let result = Self.bolus.judge(.eventAbsent(kind: "bolusStarted", from: 0, to: 3_600))
        #expect(!result.passed)
        #expect(result.reason == "bolusStarted logged at t=600 s: bolus of 20 µg")
    }

    // MARK: sample

    static let missed: RunBuilder = {
        var run = RunBuilder()
        for (t, missed) in [(0, 0), (1_080, 700), (1_200, 900), (2_000, 1_500)] as [(Int64, Int64)] {
            run.sample(at: t, status: ["missedTotal": .integer(missed)])
        }
        return run
    }()

    @Test func samplesWithinTheirBoundsPass() {
        let result = Self.missed.judge(.sampleBounds(field: "status.missedTotal", from: 1_000, to: 1_300, atLeast: 600, atMost: 1_000))
        #expect(result.passed)
        #expect(result.measured == "700…900 over 2 samples")
    }

    @Test func aSampleBelowOrAboveItsBoundFailsNamingTheValueAndTime() {
        let below = Self.missed.judge(.sampleBounds(field: "status.missedTotal", from: 1_000, to: 1_300, atLeast: 800, atMost: nil))
        #expect(!below.passed)
        #expect(below.reason == "status.missedTotal was 700 at t=1080 s, below 800")
        let above = Self.missed.judge(.sampleBounds(field: "status.missedTotal", from: 1_000, to: 2_000, atLeast: nil, atMost: 1_000))
        #expect(!above.passed)
        #expect(above.reason == "status.missedTotal was 1500 at t=2000 s, above 1000")
    }

    @Test func aFieldNoSampleHasFails() {
        let result = Self.missed.judge(.sampleBounds(field: "status.reservoir.remaining", from: 0, to: 2_000, atLeast: 0, atMost: nil))
        #expect(!result.passed)
        #expect(result.reason == "no sample in t=0…2000 s has status.reservoir.remaining")
    }

    // MARK: prediction

    /// At t=60 the pump predicts the reservoir empty at t=5000.
    static func predicted(raisedAt raise: Int64?) -> RunBuilder {
        var run = RunBuilder()
        run.sample(at: 60, status: ["reservoir": ["emptyAt": .string(RunBuilder.wall(5_000))]])
        if let raise { run.alarm("reservoir-empty", raisedAt: raise) }
        return run
    }

    @Test func aPredictionThatComesTrueWithinToleranceAndOneOffByMore() {
        let kind = { (tolerance: Int64) in
            Expectation.Kind.prediction(field: "status.reservoir.emptyAt", at: 60, alarm: "reservoir-empty", tolerance: tolerance)
        }
        let close = Self.predicted(raisedAt: 5_030).judge(kind(60))
        #expect(close.passed)
        #expect(close.measured.hasSuffix("(-30 s off)"))
        let off = Self.predicted(raisedAt: 5_030).judge(kind(10))
        #expect(!off.passed)
        #expect(off.reason == "prediction off by -30 s, more than 10 s")
    }

    @Test func aPredictionWithoutItsAlarmCannotBeCheckedAndFails() {
        let result = Self.predicted(raisedAt: nil).judge(
            .prediction(field: "status.reservoir.emptyAt", at: 60, alarm: "reservoir-empty", tolerance: 3_600))
        #expect(!result.passed)
        #expect(result.reason == "the reservoir-empty alarm was never raised after t=60 s, so the prediction \(RunBuilder.wall(5_000)) cannot be checked")
    }

    @Test func aPredictionFieldMissingFromTheSampleFails() {
        let result = Self.predicted(raisedAt: 5_000).judge(.prediction(field: "status.battery.electiveReplacementAt", at: 60, alarm: "battery-eri", tolerance: 60))
        #expect(!result.passed)
        #expect(result.reason == "no status.battery.electiveReplacementAt in the sample at t=60 s")
    }

    // MARK: Results

    @Test func aResultCarriesTheExpectationsNameAndOriginAndNoReasonWhenPassed() {
        let evaluator = ExpectationEvaluator(run: Self.bolus.run)
        let results = evaluator.judge([
            Expectation(kind: .eventAbsent(kind: "bolusStarted", from: 0, to: 10), name: "quiet start", origin: "a.toml:3"),
            Expectation(kind: .eventAbsent(kind: "bolusStarted", from: 0, to: 3_600), name: "no bolus", origin: "a.toml:9"),
        ])
        #expect(results.map(\.name) == ["quiet start", "no bolus"])
        #expect(results.map(\.origin) == ["a.toml:3", "a.toml:9"])
        #expect(results.map(\.passed) == [true, false])
        #expect(results[0].reason.isEmpty && !results[1].reason.isEmpty)
    }
}
