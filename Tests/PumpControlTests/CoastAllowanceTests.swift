import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// An encoder whose pulses the test hands out: the DC peristaltic driver's view (pulses between
/// units only), through the real control cycle.
final class ScriptedEncoder: MotionSensor {
    let source = "test:tacho"
    var pending: Int64 = 0
    func takePulses() throws(HardwareError) -> Int64 {
        defer { pending = 0 }
        return pending
    }
}

/// The DC peristaltic logic (`checksSteps = false`): pulses after a unit are coast while they
/// are few and early; more, or later, are free flow.
@Suite struct CoastAllowanceTests {
    static func bench(encoder: ScriptedEncoder) throws -> SimulatedBench {
        var settings = SimulatedBench.settings
        settings.motion = MotionSettings(checksSteps: false, toleranceSteps: 0, coastPulses: 2, coastWindow: .seconds(1))
        let bench = try SimulatedBench(settings: settings) { rig in var io = rig.io; io.motion = encoder; return io }
        bench.program()
        return bench
    }

    /// Runs to just after the next unit.
    static func toNextUnit(_ bench: SimulatedBench) {
        let steps = bench.truth.stepsForward
        bench.advance(until: { bench.truth.stepsForward > steps }, slice: .milliseconds(100), limit: .minutes(3))
    }

    @Test func coastWithinTheAllowanceDoesNotAlarm() throws {
        let encoder = ScriptedEncoder()
        let bench = try Self.bench(encoder: encoder)
        for _ in 0..<5 {
            Self.toNextUnit(bench)
            encoder.pending = 2
            bench.driver.advance(by: .seconds(1))
        }
        #expect(!bench.isActive(.freeFlow))
        #expect(bench.session.mode == .running)
    }

    @Test func moreCoastThanAllowedIsFreeFlow() throws {
        let encoder = ScriptedEncoder()
        let bench = try Self.bench(encoder: encoder)
        Self.toNextUnit(bench)
        encoder.pending = 3
        bench.driver.advance(by: .seconds(1))
        #expect(bench.isActive(.freeFlow))
        #expect(bench.session.alarms.active[.freeFlow]?.evidence.contains("more than the 2 coast pulses allowed") == true)
        #expect(!bench.truth.enabled)
    }

    @Test func aPulseAfterTheCoastWindowIsFreeFlowEvenWhenFew() throws {
        let encoder = ScriptedEncoder()
        let bench = try Self.bench(encoder: encoder)
        Self.toNextUnit(bench)
        bench.driver.advance(by: .seconds(5))
        encoder.pending = 1
        bench.driver.advance(by: .seconds(1))
        #expect(bench.isActive(.freeFlow))
        let evidence = bench.session.alarms.active[.freeFlow]?.evidence ?? ""
        #expect(evidence.contains("after the 1.0 s coast window"), "\(evidence)")
    }

    @Test func freeFlowWhileStoppedIsSeenWithoutAnyStep() throws {
        let encoder = ScriptedEncoder()
        var settings = SimulatedBench.settings
        settings.motion = MotionSettings(checksSteps: false, coastPulses: 2, coastWindow: .seconds(1))
        let bench = try SimulatedBench(settings: settings) { rig in var io = rig.io; io.motion = encoder; return io }
        bench.driver.advance(by: .minutes(5))
        encoder.pending = 1
        bench.driver.advance(by: .seconds(1))
        #expect(bench.isActive(.freeFlow))
    }
}
