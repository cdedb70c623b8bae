import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// What a line test must not pass: a blocked line relief drained below what the test refills
/// (judged by the pressure's rise, or by a switch the test must push past relief to reach),
/// steps the encoder never saw, and a rig with no sensor to watch the line.
@Suite struct LineTestProofTests {
    static func failures(_ bench: SimulatedBench) -> [String] {
        bench.driver.perform { session, _ in
            session.takeEvents().compactMap { if case .lineTestFailed(_, let evidence) = $0.kind { evidence } else { nil } }
        }
    }

    /// sim.toml's pressure settings with no lower line-test threshold (60 kPa, the trip point):
    /// relief of 5 steps drains the blocked line to 0 kPa, and the 4 test steps refill it to
    /// only 50 kPa: the absolute threshold alone passes it; the rise (≥ 30 kPa) fails it.
    @Test func aBlockedLineReliefDrainedBelowWhatTheTestRefillsFailsOnItsPressureRise() throws {
        var settings = SimulatedBench.settings
        settings.pressurePoll = .milliseconds(100)
        settings.occlusionThresholdPascals = 60_000
        settings.reliefSteps = 5
        var plan = LineTestTests.simPlan
        plan.thresholdPascals = nil
        let bench = try SimulatedBench(settings: settings, rigConfiguration: LineTestTests.rig(plan)) { rig in
            var io = rig.io
            io.occlusionSwitch = nil
            return io
        }
        LineTestSimProfileTests.occludedAndAcknowledged(bench, clearFirst: false)
        _ = Self.failures(bench)
        let forward = bench.truth.stepsForward
        bench.driver.apply { session, now in try! session.resume(at: now) }
        _ = bench.advance(until: { bench.session.mode != .lineTest }, slice: .milliseconds(100), limit: .minutes(5))
        #expect(bench.session.mode == .stopped(.alarm))
        #expect(bench.truth.stepsForward - forward == 3)  // 37.5 kPa above the drained line: failed at the third step
        #expect(Self.failures(bench).contains { $0.contains("rose") }, "failures")
        #expect(bench.session.alarms.active[.occlusion]?.acknowledgedAt == nil)
    }

    /// gpio-sim.toml's settings in the bench's steps: only a switch, relief of two steps, a test of
    /// three steps at 1 mL/h. A line still blocked trips the switch again: the test fails.
    @Test func aBlockedLineAtGpioSimValuesFailsTheLineTest() throws {
        var settings = SimulatedBench.settings
        settings.reliefSteps = 2
        let plan = LineTestPlan(
            volume: .nanolitres(750), rate: .microlitresPerHour(1_000), clearSamples: 3, bolusLimit: .microlitres(1))
        let bench = try SimulatedBench(settings: settings, rigConfiguration: LineTestTests.rig(plan)) { rig in
            var io = rig.io
            io.pressure = nil  // the switch alone, as gpio-sim.toml
            return io
        }
        LineTestSimProfileTests.occludedAndAcknowledged(bench, clearFirst: false)
        _ = Self.failures(bench)
        bench.driver.apply { session, now in try! session.resume(at: now) }
        _ = bench.advance(until: { bench.session.mode != .lineTest }, slice: .milliseconds(100), limit: .minutes(5))
        #expect(bench.session.mode == .stopped(.alarm))
        #expect(Self.failures(bench).contains { $0.contains("occlusion switch") })
        #expect(bench.session.alarms.active[.occlusion]?.acknowledgedAt == nil)
    }

    /// A stalled rotor during the test, within the ordinary tolerance (5): none of the 4 steps
    /// moved, so the line was not shown open whatever the pressure says.
    @Test func lineTestWithUnseenStepsFailsNotPasses() throws {
        var settings = SimulatedBench.settings
        settings.motion = MotionSettings(checksSteps: true, toleranceSteps: 5, coastWindow: .seconds(1))
        let bench = try SimulatedBench(settings: settings, rigConfiguration: LineTestTests.rig(LineTestTests.simPlan)) {
            $0.io(encoder: true, stallOutput: false)
        }
        LineTestSimProfileTests.occludedAndAcknowledged(bench, clearFirst: true)
        _ = Self.failures(bench)
        bench.rig.faults.setLostSteps(perMille: 1_000)
        bench.driver.apply { session, now in try! session.resume(at: now) }
        _ = bench.advance(until: { bench.session.mode != .lineTest }, slice: .milliseconds(100), limit: .minutes(5))
        #expect(bench.session.mode == .stopped(.alarm))
        #expect(!bench.isActive(.motorStall))  // within the ordinary tolerance: only the strict judgement sees it
        #expect(Self.failures(bench).contains { $0.contains("saw 0 of the 4 steps") }, "\(bench.session.alarms.active)")
        #expect(bench.session.alarms.active[.occlusion]?.acknowledgedAt == nil)
    }

    @Test func aLineTestWithNoSensorToWatchTheLineFailsAtOnce() throws {
        let bench = try SimulatedBench { rig in
            var io = rig.io
            io.pressure = nil
            io.occlusionSwitch = nil
            return io
        }
        bench.program()
        bench.driver.advance(by: .hours(1))
        bench.driver.apply { session, now in session.raiseAlarm(.occlusion, evidence: "reported", at: now) }
        bench.driver.advance(by: .seconds(1))
        bench.driver.apply { session, now in try! session.acknowledgeAlarm(.occlusion, at: now) }
        _ = Self.failures(bench)
        let forward = bench.truth.stepsForward
        bench.driver.apply { session, now in try! session.resume(at: now) }
        bench.driver.advance(by: .minutes(10))
        #expect(bench.session.mode == .stopped(.alarm))
        #expect(bench.truth.stepsForward == forward)
        #expect(Self.failures(bench).contains { $0.contains("neither a pressure sensor nor an occlusion switch") })
    }
}
