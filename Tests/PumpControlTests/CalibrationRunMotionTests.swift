import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// A calibration run's steps are judged against the encoder with zero tolerance: a step the
/// encoder never saw pushed nothing, so the weighed mass must not be divided by it.
@Suite struct CalibrationRunMotionTests {
    static func bench() throws -> SimulatedBench {
        var settings = SimulatedBench.settings
        settings.motion = MotionSettings(checksSteps: true, toleranceSteps: 2, coastWindow: .seconds(1))
        return try SimulatedBench(settings: settings) { $0.io(encoder: true, stallOutput: false) }
    }

    static func commit(_ bench: SimulatedBench) -> TherapyError? {
        bench.driver.perform { (session, now) -> TherapyError? in
            do {
                try session.commitCalibrationRun(massMicrograms: 100_000, densityMicrogramsPerMillilitre: 1_000_000, at: now)
                return nil
            } catch { return error as? TherapyError }
        }
    }

    /// 400 steps (100 µL) with every 200th lost: 2 unseen, within the ordinary tolerance of 2.
    @Test func calibrationRunWithUnseenStepsCannotBeCommitted() throws {
        let bench = try Self.bench()
        bench.rig.faults.setLostSteps(perMille: 5)
        bench.driver.apply { session, now in try! session.startCalibrationRun(steps: 400, rate: .millilitresPerHour(1), at: now) }
        _ = bench.advance(until: { bench.session.calibrationRun?.state != .running }, limit: .minutes(10))
        bench.driver.advance(by: .seconds(2))  // the coast window after the stop
        #expect(bench.session.calibrationRun?.state == .finished)
        #expect(!bench.isActive(.motorStall))
        #expect(bench.session.calibrationRun?.motionCheck == .mismatch(commanded: 400, seen: 398))
        #expect(Self.commit(bench) == .calibrationRunMotionMismatch(commanded: 400, seen: 398))
        #expect(bench.session.rig.stepVolume == .nanolitres(250))
    }

    @Test func aCalibrationRunEveryStepOfWhichWasSeenCommits() throws {
        let bench = try Self.bench()
        bench.driver.apply { session, now in try! session.startCalibrationRun(steps: 400, rate: .millilitresPerHour(1), at: now) }
        _ = bench.advance(until: { bench.session.calibrationRun?.state != .running }, limit: .minutes(10))
        bench.driver.advance(by: .seconds(2))
        #expect(bench.session.calibrationRun?.motionCheck == .verified(steps: 400))
        #expect(Self.commit(bench) == nil)
    }
}
