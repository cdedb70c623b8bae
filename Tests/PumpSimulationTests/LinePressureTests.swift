import Foundation
import PumpCore
import PumpHardware
import PumpSimulation
import Testing

@Suite("Simulated rig: line pressure")
struct LinePressureTests {
    /// 250 nL × 50 Pa/nL.
    static let perStep: Int64 = 12_500

    @Test func pressureRisesByTheCompliancePerNanolitrePushedWhileOccluded() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        var previous = try sim.rig.pressure.read()
        #expect(previous == 0)
        for step in 1...8 {
            try sim.rig.motor.step()
            sim.advance(.seconds(1))
            let pressure = try sim.rig.pressure.read()
            #expect(pressure == Int64(step) * Self.perStep)
            #expect(pressure > previous)
            previous = pressure
        }
        #expect(sim.rig.truth().deliveredToPatient == .zero)
        #expect(sim.rig.pressure.quantity == .pressurePascals)
    }

    @Test func pressureHoldsWhileTheOutletStaysOccluded() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        try sim.steps(4)
        sim.advance(.hours(2))
        #expect(try sim.rig.pressure.read() == 4 * Self.perStep)
    }

    @Test func pressureRelaxesMonotonicallyAndExponentiallyAfterClearing() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        try sim.steps(8)  // 100 kPa, 2 µL held back
        sim.rig.faults.clearOcclusion()
        let cleared = sim.rig.truth().deliveredToPatient
        var previous = try sim.rig.pressure.read()
        #expect(previous == 100_000)
        var readings: [Int64] = []
        for _ in 0..<150 {
            sim.advance(.seconds(1))
            let pressure = try sim.rig.pressure.read()
            #expect(pressure <= previous)
            previous = pressure
            readings.append(pressure)
        }
        let atTau = readings[29]  // 30 s = τ
        #expect(abs(atTau - Int64((100_000 * exp(-1.0)).rounded())) <= 1)  // ≈ 36 788 Pa
        #expect(readings[149] < 1_000)  // 5 τ
        // What the line held back left the tip as it relaxed.
        sim.advance(.minutes(10))
        #expect(sim.rig.truth().deliveredToPatient - cleared == .microlitres(2))
        #expect(try sim.rig.pressure.read() == 0)
    }

    @Test func relaxationDoesNotDependOnHowOftenThePressureIsRead() throws {
        let polled = try VirtualRig(.test).enabled()
        let unread = try VirtualRig(.test).enabled()
        for sim in [polled, unread] {
            sim.rig.faults.setOcclusion()
            try sim.steps(8)
            sim.rig.faults.clearOcclusion()
        }
        for _ in 0..<30_000 {
            polled.advance(.milliseconds(1))
            _ = try polled.rig.pressure.read()
        }
        unread.advance(.seconds(30))
        #expect(try polled.rig.pressure.read() == unread.rig.pressure.read())
        #expect(polled.rig.truth().deliveredToPatient == unread.rig.truth().deliveredToPatient)
    }

    @Test func reverseStepsLowerThePressure() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        try sim.steps(6)
        try sim.steps(2, forward: false)
        #expect(try sim.rig.pressure.read() == 4 * Self.perStep)
        // After clearing, a reverse step takes back what the line still holds.
        sim.rig.faults.clearOcclusion()
        let before = try sim.rig.pressure.read()
        try sim.steps(1, forward: false)
        #expect(try sim.rig.pressure.read() == before - Self.perStep)
    }

    @Test func reverseStepsAgainstAnOccludedLineDrawAVacuumNoDeeperThanAbsoluteZero() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        try sim.steps(2, forward: false)
        #expect(try sim.rig.pressure.read() == -2 * Self.perStep)
        try sim.steps(20, forward: false)
        #expect(try sim.rig.pressure.read() == -101_325)
    }

    @Test func occlusionSwitchAssertsAtItsPressureThreshold() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        try sim.steps(7)
        #expect(try !sim.rig.occlusionSwitch.isAsserted())
        try sim.steps(1)
        #expect(try sim.rig.occlusionSwitch.isAsserted())
        sim.rig.faults.clearOcclusion()
        sim.advance(.seconds(1))
        #expect(try !sim.rig.occlusionSwitch.isAsserted())
    }

    @Test func clearLineDeliversWithoutRaisingThePressure() throws {
        var configuration = SimulatedRigConfiguration.test
        configuration.initialCatheterFill = configuration.catheterDeadVolume
        let sim = try VirtualRig(configuration).enabled()
        try sim.steps(100)
        #expect(try sim.rig.pressure.read() == 0)
        #expect(sim.rig.truth().deliveredToPatient == .nanolitres(25_000))
    }

    @Test func scheduledOcclusionStartsAndEndsOnTime() throws {
        let sim = try VirtualRig(.test).enabled()
        let start = sim.now + .seconds(10)
        sim.rig.faults.setOcclusion(from: start, for: .seconds(20))
        #expect(sim.rig.faults.current.occlusion == OcclusionWindow(start: start, end: start + .seconds(20)))

        sim.clock.advance(to: start - .nanoseconds(1))
        try sim.steps(1)
        #expect(try sim.rig.pressure.read() == 0)  // not yet: the step went down the line

        sim.clock.advance(to: start)
        try sim.steps(4)
        #expect(try sim.rig.pressure.read() == 4 * Self.perStep)

        sim.clock.advance(to: start + .seconds(20) - .nanoseconds(1))
        #expect(try sim.rig.pressure.read() == 4 * Self.perStep)  // still held

        // Read nothing across the end: relaxation must start at the end itself, not at the next call.
        sim.clock.advance(to: start + .seconds(50))  // end + τ
        let expected = Double(4 * Self.perStep) * exp(-1.0)
        #expect(abs(Double(try sim.rig.pressure.read()) - expected) <= 1)
        try sim.steps(1)
        #expect(try sim.rig.pressure.read() < 4 * Self.perStep / 2)
    }

    @Test func occlusionScheduledAndPassedBetweenReadsStillLeavesItsMark() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion(from: sim.now + .seconds(5), for: .seconds(5))
        sim.advance(.seconds(60))
        #expect(try sim.rig.pressure.read() == 0)  // nothing was pushed during it
        #expect(!sim.rig.faults.current.isOccluded(at: sim.now))
    }

    @Test func clearingAScheduledOcclusionCancelsIt() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion(from: sim.now + .seconds(5), for: .seconds(5))
        sim.rig.faults.clearOcclusion()
        sim.advance(.seconds(6))
        try sim.steps(1)
        #expect(try sim.rig.pressure.read() == 0)
    }
}
