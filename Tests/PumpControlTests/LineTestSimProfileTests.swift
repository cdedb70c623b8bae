import PumpControl
import PumpCore
import PumpSimulation
import PumpTestKit
import Testing

/// The line test with hw-profiles/sim.toml's occlusion settings (pressure every 100 ms, threshold
/// 60 kPa for 3 samples, relief 2 steps; line test 1 µL at 100 µL/h, 30 kPa, 5 clear samples,
/// limit 2 µL): the numbers the README gives.
@Suite struct LineTestSimProfileTests {
    static func bench(reliefSteps: Int = 2) throws -> SimulatedBench {
        var settings = SimulatedBench.settings
        settings.pressurePoll = .milliseconds(100)
        settings.occlusionThresholdPascals = 60_000
        settings.reliefSteps = reliefSteps
        return try SimulatedBench(settings: settings, rigConfiguration: LineTestTests.rig(LineTestTests.simPlan)) { rig in
            var io = rig.io
            io.occlusionSwitch = nil  // the pressure channel alone, as sim.toml's judgement
            return io
        }
    }

    static func occludedAndAcknowledged(_ bench: SimulatedBench, clearFirst: Bool) {
        bench.program()
        bench.driver.advance(by: .hours(1))
        bench.rig.faults.setOcclusion()
        _ = bench.advance(until: { bench.isActive(.occlusion) }, limit: .hours(2))
        if clearFirst { bench.rig.faults.clearOcclusion() }
        bench.driver.advance(by: .minutes(10))
        bench.driver.apply { session, now in try! session.acknowledgeAlarm(.occlusion, at: now) }
    }

    @Test func aClearedLinePassesInThirtySixAndAHalfSecondsAtTheSimProfile() throws {
        let bench = try Self.bench()
        Self.occludedAndAcknowledged(bench, clearFirst: true)
        let pulses = bench.truth.encoderPulses
        bench.driver.apply { session, now in try! session.resume(at: now) }
        let took = bench.advance(until: { bench.session.mode == .running }, slice: .milliseconds(100), limit: .minutes(5))
        #expect(took == .milliseconds(36_500), "took \(String(describing: took))")
        #expect(bench.truth.encoderPulses - pulses == 4)
    }

    @Test func aStillBlockedLineAtTheSimProfileIsRefusedWithinTheBolusLimit() throws {
        let bench = try Self.bench()
        Self.occludedAndAcknowledged(bench, clearFirst: false)
        let forward = bench.truth.stepsForward, pressure = bench.truth.pressurePascals
        bench.driver.apply { session, now in try! session.resume(at: now) }
        let took = bench.advance(until: { bench.session.mode != .lineTest }, slice: .milliseconds(100), limit: .minutes(5))
        let pushed = bench.truth.stepsForward - forward
        // Relief left 37.5 kPa in the blocked line: the first sample fails the test, before any step.
        #expect(pressure == 37_500)
        #expect(took == .milliseconds(100))
        #expect(pushed == 0)
        #expect(bench.session.mode == .stopped(.alarm))
    }

    @Test func aBlockedLineRelievedFurtherFailsAtTheSecondStep() throws {
        let bench = try Self.bench(reliefSteps: 4)  // 1 µL back: 12.5 kPa left in the blocked line
        Self.occludedAndAcknowledged(bench, clearFirst: false)
        let forward = bench.truth.stepsForward
        bench.driver.apply { session, now in try! session.resume(at: now) }
        let took = bench.advance(until: { bench.session.mode != .lineTest }, slice: .milliseconds(100), limit: .minutes(5))
        #expect(bench.truth.pressurePascals < 30_000)  // relieved again after the failure
        // 12.5 kPa a step (50 Pa/nL): the second step reaches 37.5 kPa ≥ 30 kPa: 500 nL of the 2 µL limit.
        #expect(bench.truth.stepsForward - forward == 2)
        #expect(took.map { $0 > .seconds(18) && $0 <= .seconds(19) } == true, "took \(String(describing: took))")
        #expect(bench.session.mode == .stopped(.alarm))
    }
}
