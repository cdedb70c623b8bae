import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// Motion beyond the commanded steps while the motor is enabled adds up over the whole run and is
/// never forgiven (review H1): a floating microstep line that doubles every step, and slow free
/// flow through a stepper whose coils are unpowered between steps while pumpd counts it enabled.
@Suite struct SurplusMotionTests {
    @Test(arguments: [Int64(0), 2, 5])
    func aStepperMovingTwiceItsStepIsFreeFlowWithinTolerancePlusOneSteps(tolerance: Int64) throws {
        let bench = try MotionVerificationTests.deliveringBench(encoder: true, diag: true, tolerance: tolerance)
        let before = bench.truth.stepsForward
        bench.rig.faults.setExtraMotion(perMille: 1_000)
        #expect(bench.advance(until: { bench.isActive(.freeFlow) }, limit: .hours(2)) != nil)
        let steps = bench.truth.stepsForward - before
        #expect(steps == tolerance + 1, "surplus seen after \(steps) doubled steps, tolerance \(tolerance)")
        let evidence = try #require(bench.session.alarms.active[.freeFlow]?.evidence)
        #expect(evidence.contains("moved more than commanded"), "\(evidence)")
        #expect(!bench.truth.enabled)
        #expect(!bench.isActive(.motorStall))
    }

    @Test func surplusMotionEveryOtherStepAddsUpAndIsNeverForgiven() throws {
        let bench = try MotionVerificationTests.deliveringBench(encoder: true, diag: false)
        let before = bench.truth.stepsForward
        bench.rig.faults.setExtraMotion(perMille: 500)  // one extra step every second step
        #expect(bench.advance(until: { bench.isActive(.freeFlow) }, limit: .hours(2)) != nil)
        #expect(bench.truth.stepsForward - before == 6)  // 3 extra steps: tolerance 2 + 1
    }

    @Test func slowFreeFlowWhileTheMotorCountsAsEnabledIsCaught() throws {
        let leak = LeakingEncoder()
        let bench = try LeakingEncoder.bench(leak)
        #expect(!bench.isActive(.freeFlow))
        // One pulse an hour (4 µL/day at 250 nL a pulse), far slower than the steps: each alone is
        // within the tolerance of the step it comes between.
        for _ in 0..<2 {
            leak.extra += 1
            bench.driver.advance(by: .hours(1))
            #expect(!bench.isActive(.freeFlow))
        }
        leak.extra += 1
        bench.driver.advance(by: .seconds(1))
        #expect(bench.isActive(.freeFlow))
        #expect(bench.session.alarms.active[.freeFlow]?.evidence.contains("moved more than commanded") == true)
    }
}

/// The simulated encoder plus pulses the test adds (fluid moving that no step made, late reverse
/// pulses), and optionally holding the real pulses back (an encoder's latency) until released.
final class LeakingEncoder: MotionSensor {
    var inner: (any MotionSensor)?
    var extra: Int64 = 0
    var withholding = false
    private var held: Int64 = 0
    var source: String { "sim:encoder" }

    func takePulses() throws(HardwareError) -> Int64 {
        held += try inner?.takePulses() ?? 0
        defer { extra = 0 }
        guard !withholding else { return extra }
        defer { held = 0 }
        return held + extra
    }

    /// A bench delivering for an hour whose encoder is this one.
    static func bench(_ leak: LeakingEncoder, settings: ControlSettings = MotionVerificationTests.settings()) throws -> SimulatedBench {
        let bench = try SimulatedBench(settings: settings) { rig in
            leak.inner = rig.io(encoder: true, stallOutput: false).motion
            var io = rig.io
            io.motion = leak
            return io
        }
        bench.program()
        bench.driver.advance(by: .hours(1))
        return bench
    }
}
