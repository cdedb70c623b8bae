import PumpControl
import PumpCore
import PumpSimulation
import PumpTestKit
import Testing

/// What free flow moved is booked as estimated delivery (review M6): the reservoir and the dose
/// limit windows count it, the delivered dose carries it as unrecorded, the alarm says so.
@Suite struct FreeFlowAccountingTests {
    @Test func freeFlowWhileStoppedIsBookedIntoTheReservoirAndTheDoseWindowsAsEstimated() throws {
        let bench = try SimulatedBench(settings: MotionVerificationTests.settings()) { $0.io(encoder: true, stallOutput: false) }
        bench.driver.advance(by: .hours(1))
        let reservoir = bench.session.reservoirRemaining
        bench.rig.faults.setFreeFlow(nanolitresPerHour: 1_000)  // one 250 nL pulse every 15 min
        #expect(bench.advance(until: { bench.isActive(.freeFlow) }, limit: .hours(1)) != nil)
        #expect(bench.session.reservoirRemaining == reservoir - .nanolitres(250))
        #expect(bench.session.ledger.unrecordedMass == DrugMass(nanograms: 500))  // 250 nL at 2000 µg/mL
        #expect(bench.session.ledger.recent.delivered(within: .hours(1), before: bench.now) == DrugMass(nanograms: 500))
        let evidence = bench.session.alarms.active[.freeFlow]?.evidence ?? ""
        #expect(evidence.contains("booked as estimated delivery"), "\(evidence)")
    }

    @Test func motionBeyondTheCommandedStepsIsBookedToo() throws {
        let bench = try MotionVerificationTests.deliveringBench(encoder: true, diag: false)
        let unrecorded = bench.session.ledger.unrecordedMass
        bench.rig.faults.setExtraMotion(perMille: 1_000)
        #expect(bench.advance(until: { bench.isActive(.freeFlow) }, limit: .hours(1)) != nil)
        #expect(bench.session.ledger.unrecordedMass - unrecorded == DrugMass(nanograms: 1_500))  // 3 extra steps of 500 ng
    }
}
