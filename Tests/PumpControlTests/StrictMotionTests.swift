import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// The steps of an enabled period are judged after the motor stops (review H3): pulses in the
/// coast window count for steps not yet seen, and bench tasks get a zero-tolerance verdict.
@Suite struct StrictMotionTests {
    static func stop(_ bench: SimulatedBench) {
        bench.driver.apply { session, now in session.stop(at: now) }
    }

    static func untilNextStep(_ bench: SimulatedBench) {
        let steps = bench.truth.stepsForward
        bench.advance(until: { bench.truth.stepsForward > steps }, slice: .milliseconds(100), limit: .minutes(3))
    }

    @Test func stepPulsesArrivingAfterTheStopCountForTheStepsNotAsFreeFlow() throws {
        let leak = LeakingEncoder()
        let bench = try LeakingEncoder.bench(leak)
        leak.withholding = true
        Self.untilNextStep(bench)
        Self.stop(bench)
        #expect(!bench.truth.enabled)
        leak.withholding = false  // the encoder's late pulse for the last step
        bench.driver.advance(by: .seconds(5))
        #expect(!bench.isActive(.freeFlow), "\(bench.session.alarms.active[.freeFlow]?.evidence ?? "")")
        #expect(!bench.isActive(.motorStall))
    }

    @Test func aStepNeverSeenFailsTheStrictJudgementAfterTheCoastWindow() throws {
        let bench = try MotionVerificationTests.deliveringBench(encoder: true, diag: false)
        bench.cycle.beginStrictMotionCount()
        Self.untilNextStep(bench)
        #expect(bench.cycle.motionVerifiedStrictly(at: bench.clock.now()) == .pending(until: nil))  // still enabled
        bench.rig.faults.setLostSteps(perMille: 1_000)
        Self.untilNextStep(bench)
        bench.rig.faults.setLostSteps(perMille: 0)
        Self.stop(bench)
        guard case .pending(let until?) = bench.cycle.motionVerifiedStrictly(at: bench.clock.now()) else {
            Issue.record("not pending in the coast window")
            return
        }
        #expect(until > bench.now)
        bench.driver.advance(by: .seconds(2))
        #expect(bench.cycle.motionVerifiedStrictly(at: bench.clock.now()) == .unseen(commanded: 2, seen: 1))
        #expect(!bench.isActive(.motorStall))  // within the therapy tolerance: only the strict verdict sees it
    }

    @Test func everyStepSeenIsVerifiedStrictly() throws {
        let bench = try MotionVerificationTests.deliveringBench(encoder: true, diag: false)
        bench.cycle.beginStrictMotionCount()
        for _ in 0..<3 { Self.untilNextStep(bench) }
        Self.stop(bench)
        bench.driver.advance(by: .seconds(2))
        #expect(bench.cycle.motionVerifiedStrictly(at: bench.clock.now()) == .verified(steps: 3))
    }

    @Test func aStepperWithoutAnEncoderIsUnverifiable() throws {
        let bench = try MotionVerificationTests.deliveringBench(encoder: false, diag: true)
        #expect(bench.cycle.motionVerifiedStrictly(at: bench.clock.now()) == .unverifiable)
    }

    /// A bench with 3 relief steps, right after an occlusion stopped it and the relief ran.
    static func relieved(_ leak: LeakingEncoder) throws -> SimulatedBench {
        var settings = MotionVerificationTests.settings()
        settings.reliefSteps = 3
        let bench = try LeakingEncoder.bench(leak, settings: settings)
        bench.rig.faults.setOcclusion()
        #expect(bench.advance(until: { bench.isActive(.occlusion) }, slice: .milliseconds(100), limit: .hours(6)) != nil)
        #expect(bench.truth.stepsBack == 3)
        return bench
    }

    @Test func lateReliefPulsesWithinTheCoastWindowAreNotFreeFlow() throws {
        let leak = LeakingEncoder()
        let bench = try Self.relieved(leak)
        leak.extra = 3  // the three reverse steps' pulses, late
        bench.driver.advance(by: .milliseconds(600))
        #expect(!bench.isActive(.freeFlow), "\(bench.session.alarms.active[.freeFlow]?.evidence ?? "")")
    }

    @Test func pulsesBeyondTheReliefStepsWorthAreStillFreeFlow() throws {
        let leak = LeakingEncoder()
        let bench = try Self.relieved(leak)
        leak.extra = 4
        bench.driver.advance(by: .milliseconds(600))
        #expect(bench.isActive(.freeFlow))
    }
}
