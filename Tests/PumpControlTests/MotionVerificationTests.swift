import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// Motion verification through the real control cycle on the simulated rig (virtual clock):
/// commanded steps against the pump-side encoder, the driver's DIAG output, motion while stopped,
/// and the bounded stall-retry policy. The bench delivers one 250 nL step every 86.4 s.
@Suite struct MotionVerificationTests {
    static func settings(tolerance: Int64 = 2, retry: StallRetryPolicy = .none, coastPulses: Int64 = 0, checksSteps: Bool = true) -> ControlSettings {
        var settings = SimulatedBench.settings
        settings.motion = MotionSettings(
            checksSteps: checksSteps, toleranceSteps: tolerance, coastPulses: coastPulses, coastWindow: .seconds(1), stallRetry: retry)
        return settings
    }

    /// A bench delivering for an hour with the encoder and/or DIAG the test asks for.
    static func deliveringBench(
        encoder: Bool, diag: Bool, tolerance: Int64 = 2, retry: StallRetryPolicy = .none
    ) throws -> SimulatedBench {
        let bench = try SimulatedBench(settings: settings(tolerance: tolerance, retry: retry)) { $0.io(encoder: encoder, stallOutput: diag) }
        bench.program()
        bench.driver.advance(by: .hours(1))
        #expect(!bench.isActive(.motorStall) && !bench.isActive(.freeFlow), "a healthy rig raised a motion alarm")
        return bench
    }

    @Test(arguments: [Int64(0), 2, 5])
    func aStepperWithAnEncoderCatchesAStalledRotorWithinTolerancePlusOneSteps(tolerance: Int64) throws {
        let bench = try Self.deliveringBench(encoder: true, diag: false, tolerance: tolerance)
        let before = bench.truth.stepsForward
        bench.rig.faults.setLostSteps(perMille: 1_000)
        #expect(bench.advance(until: { bench.isActive(.motorStall) }, limit: .hours(2)) != nil)
        let lost = bench.truth.stepsForward - before
        #expect(lost == tolerance + 1, "the stall was seen after \(lost) lost steps, tolerance \(tolerance)")
        #expect(bench.truth.lostSteps == tolerance + 1)
        let evidence = try #require(bench.session.alarms.active[.motorStall]?.evidence)
        #expect(evidence.contains("saw 0 of \(tolerance + 1) commanded steps"))
        #expect(evidence.contains("counted as delivered, not caught up"))
        #expect(!bench.truth.enabled)
    }

    @Test func aSlippingCouplingIsCaughtByTheEncoderButNotByDIAG() throws {
        let bench = try Self.deliveringBench(encoder: true, diag: true)
        bench.rig.faults.setCouplingSlip(perMille: 1_000)
        #expect(bench.advance(until: { bench.isActive(.motorStall) }, limit: .hours(2)) != nil)
        let evidence = try #require(bench.session.alarms.active[.motorStall]?.evidence)
        #expect(evidence.contains("encoder sim:encoder"))
        #expect(!evidence.contains("stall output"))
        #expect(bench.truth.slippedSteps == 3)
    }

    @Test func diagAloneDoesNotSeeASlippingCoupling() throws {
        let bench = try Self.deliveringBench(encoder: false, diag: true)
        bench.rig.faults.setCouplingSlip(perMille: 1_000)
        bench.driver.advance(by: .hours(2))
        #expect(!bench.isActive(.motorStall))
        #expect(bench.truth.slippedSteps > 80)  // what only an encoder catches
    }

    @Test func diagAloneCatchesLostStepsOnAStepperWithoutAnEncoder() throws {
        let bench = try Self.deliveringBench(encoder: false, diag: true)
        let before = bench.truth.stepsForward
        bench.rig.faults.setLostSteps(perMille: 1_000)
        #expect(bench.advance(until: { bench.isActive(.motorStall) }, limit: .hours(1)) != nil)
        #expect(bench.truth.stepsForward - before == 1)  // DIAG is read after every step
        #expect(bench.session.alarms.active[.motorStall]?.evidence.contains("stall output sim:diag asserted") == true)
    }

    @Test func occasionalLostStepsAddUpToAStallOnceTheyPassTheTolerance() throws {
        let bench = try Self.deliveringBench(encoder: true, diag: false)
        let before = bench.truth.stepsForward
        bench.rig.faults.setLostSteps(perMille: 500)  // every other step
        #expect(bench.advance(until: { bench.isActive(.motorStall) }, limit: .hours(2)) != nil)
        #expect(bench.truth.lostSteps == 3)
        #expect(bench.truth.stepsForward - before == 6)
    }

    @Test func freeFlowWhileStoppedRaisesFreeFlowOnTheSimulatedRig() throws {
        let bench = try SimulatedBench(settings: Self.settings()) { $0.io(encoder: true, stallOutput: true) }
        bench.driver.advance(by: .hours(1))
        bench.rig.faults.setFreeFlow(nanolitresPerHour: 1_000)  // one 250 nL pulse every 15 min
        let took = try #require(bench.advance(until: { bench.isActive(.freeFlow) }, limit: .hours(1)))
        #expect(took <= .minutes(15) + .seconds(1))
        let alarm = try #require(bench.session.alarms.active[.freeFlow])
        #expect(alarm.severity == .critical)
        #expect(alarm.evidence.contains("1 pulse (≈ 250 nL)"))
        #expect(bench.truth.stepsForward == 0)  // nobody commanded it
    }

    @Test func freeFlowAfterAStopRaisesFreeFlowAndStopsTheProgram() throws {
        let bench = try Self.deliveringBench(encoder: true, diag: false)
        bench.driver.apply { session, now in session.stop(at: now) }
        bench.rig.faults.setFreeFlow(nanolitresPerHour: 10_000)
        #expect(bench.advance(until: { bench.isActive(.freeFlow) }, limit: .hours(1)) != nil)
        let evidence = bench.session.alarms.active[.freeFlow]?.evidence ?? ""
        #expect(evidence.contains("after the 1.0 s coast window"), "\(evidence)")
    }

    @Test func aHealthyRigWithEncoderAndDIAGRunsADayWithoutAMotionAlarm() throws {
        let bench = try Self.deliveringBench(encoder: true, diag: true)
        bench.driver.advance(by: .days(1))
        #expect(!bench.isActive(.motorStall) && !bench.isActive(.freeFlow))
        #expect(bench.truth.encoderPulses == bench.truth.stepsForward)
    }

    // MARK: - Stall retry

    @Test func stallRetriesAreAuditedBoundedAndThenLatch() throws {
        let retry = StallRetryPolicy(retries: 2, spacing: .seconds(2), reverseBeforeRetry: true)
        let bench = try Self.deliveringBench(encoder: true, diag: false, retry: retry)
        _ = bench.cycle.takeEvents()
        let before = bench.truth
        bench.rig.faults.setLostSteps(perMille: 1_000)
        #expect(bench.advance(until: { bench.isActive(.motorStall) }, limit: .hours(3)) != nil)
        let retries = bench.cycle.takeEvents().compactMap { event -> (Int, Int, Int64, Bool)? in
            if case .stallRetry(let attempt, let of, let unseen, let reversed, _) = event.kind { return (attempt, of, unseen, reversed) }
            return nil
        }
        #expect(retries.map(\.0) == [1, 2])
        #expect(retries.allSatisfy { $0.1 == 2 && $0.2 == 3 && $0.3 })
        // (retries + 1) attempts of (tolerance + 1) steps each, never more; one step back per retry.
        #expect(bench.truth.stepsForward - before.stepsForward == 9)
        #expect(bench.truth.stepsBack - before.stepsBack == 2)
        #expect(bench.session.alarms.active[.motorStall]?.evidence.contains("after 2 stall retries") == true)
        #expect(bench.session.mode == .stopped(.alarm))
        // Latched: nothing moves until a clinician acknowledges and resumes.
        let steps = bench.truth.stepsForward
        bench.driver.advance(by: .hours(2))
        #expect(bench.truth.stepsForward == steps)
    }

    @Test func aRetryDeliversNoMoreThanTheStepsItMakesAndNeverCatchesUp() throws {
        let retry = StallRetryPolicy(retries: 1, spacing: .minutes(10), reverseBeforeRetry: false)
        let bench = try Self.deliveringBench(encoder: true, diag: false, retry: retry)
        let before = bench.truth
        let deliveredBefore = bench.session.ledger.deliveredMass
        bench.rig.faults.setLostSteps(perMille: 1_000)
        #expect(bench.advance(until: { !bench.truth.enabled && bench.truth.lostSteps == 3 }, slice: .milliseconds(100), limit: .hours(1)) != nil)
        bench.rig.faults.setLostSteps(perMille: 0)  // the stall clears during the spacing
        let pausedAt = bench.truth
        // Ten minutes of spacing owe about seven steps: the retry makes the one still owed (the
        // planner keeps at most one, plus progress to the next), never the seven.
        bench.driver.advance(by: .minutes(10) + .seconds(1))
        #expect(bench.truth.stepsForward - pausedAt.stepsForward <= 2)
        #expect(bench.session.ledger.missed > .zero)
        bench.driver.advance(by: .hours(1))
        #expect(!bench.isActive(.motorStall))
        // Every step commanded (lost or not) is counted delivered: the dose limits see the lost ones too.
        let commanded = bench.truth.stepsForward - before.stepsForward
        let delivered = bench.session.ledger.deliveredMass - deliveredBefore
        #expect(delivered == DrugMass(nanograms: commanded * 500))  // 250 nL × 2000 µg/mL = 500 ng per step
        #expect(bench.truth.encoderPulses - before.encoderPulses == commanded - 3)
    }

    @Test func aStoppedPumpIsNeverRetried() throws {
        let retry = StallRetryPolicy(retries: 3, spacing: .seconds(1), reverseBeforeRetry: false)
        let bench = try Self.deliveringBench(encoder: false, diag: true, retry: retry)
        bench.rig.faults.setMotorStall()  // the driver itself throws .stall
        bench.driver.advance(by: .hours(1))
        let events = bench.cycle.takeEvents().filter { if case .stallRetry = $0.kind { true } else { false } }
        #expect(events.count == 3)
        #expect(bench.isActive(.motorStall))
        bench.driver.advance(by: .hours(1))
        #expect(bench.cycle.takeEvents().allSatisfy { if case .stallRetry = $0.kind { false } else { true } })
    }
}

/// Detection time and volume pushed at 10 mL/h (one 250 nL step every 90 ms), for the closing
/// note: the same bounds as at 0.25 mL/day, in steps.
@Suite struct MotionDetectionAtTenMillilitresPerHourTests {
    static let fast = Prescription(
        drug: SimulatedBench.drug, basal: .continuous(.microgramsPerDay(480_000)),  // 10 mL/h at 2000 µg/mL
        limits: DoseLimits(maximumDailyDose: .micrograms(1_000_000), maximumHourlyDose: .micrograms(25_000), maximumBolus: .micrograms(50)),
        lowReservoirAlarm: .millilitres(2))

    /// Runs at 10 mL/h for a minute, switches `fault` on and returns (time to `alarm`, nL that
    /// left the reservoir meanwhile, commanded steps meanwhile).
    static func measure(
        _ alarm: AlarmKind, encoder: Bool, diag: Bool, _ fault: (SimulatedRig) -> Void
    ) throws -> (took: TimeSpan, pushed: Int64, steps: Int64) {
        let bench = try SimulatedBench(settings: MotionVerificationTests.settings()) { $0.io(encoder: encoder, stallOutput: diag) }
        bench.program(fast)
        bench.driver.advance(by: .minutes(1))
        let before = bench.truth
        fault(bench.rig)
        let took = try #require(bench.advance(until: { bench.isActive(alarm) }, slice: .milliseconds(10), limit: .minutes(1)))
        let after = bench.truth
        return (took, (before.reservoirPicolitres - after.reservoirPicolitres) / 1_000, after.stepsForward - before.stepsForward)
    }

    @Test func aStalledRotorIsCaughtWithinThreeStepsAndPushesNothing() throws {
        let result = try Self.measure(.motorStall, encoder: true, diag: false) { $0.faults.setLostSteps(perMille: 1_000) }
        print("10 mL/h lost steps (encoder, tolerance 2): \(result.took.readable), \(result.pushed) nL pushed, \(result.steps) steps")
        #expect(result.steps == 3 && result.pushed == 0)
        #expect(result.took <= .milliseconds(300))
    }

    @Test func aSlippingCouplingIsCaughtWithinThreeSteps() throws {
        let result = try Self.measure(.motorStall, encoder: true, diag: true) { $0.faults.setCouplingSlip(perMille: 1_000) }
        print("10 mL/h coupling slip (encoder): \(result.took.readable), \(result.pushed) nL pushed, \(result.steps) steps")
        #expect(result.steps == 3 && result.pushed == 0)
    }

    @Test func diagCatchesAStalledRotorAtTheFirstStep() throws {
        let result = try Self.measure(.motorStall, encoder: false, diag: true) { $0.faults.setLostSteps(perMille: 1_000) }
        print("10 mL/h lost steps (DIAG only): \(result.took.readable), \(result.pushed) nL pushed, \(result.steps) steps")
        #expect(result.steps == 1 && result.pushed == 0)
    }
}
