import Foundation
import Testing
import Varlink

/// Issue 14: a calibration run through pumpd's control socket on the virtual clock: the steps
/// driven through the loop, then the weighed mass committed durably.
@Suite struct CalibrationRunAPITests {
    @Test func calibrationRunCommitsStepVolumeFromMassAndDensityThroughTheDaemon() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        // Running a program: a bench procedure is refused.
        #expect(try daemon.refusal("io.pumpd.Pump.StartCalibrationRun", ["steps": 40])?.name == "io.pumpd.Pump.WrongMode")
        _ = try daemon.call("io.pumpd.Pump.Stop")
        let before = try #require(try daemon.status()["stepsMoved"]?.integerValue)
        let started = try daemon.call("io.pumpd.Pump.StartCalibrationRun", ["steps": 40])
        #expect(started["task"]?["kind"] == "calibrationRun" && started["finished"] == false)
        #expect(try daemon.status()["mode"] == "calibrationRun")
        #expect(try daemon.refusal("io.pumpd.Pump.CommitCalibrationRun", ["mass": 10_381])?.name == "io.pumpd.Pump.CalibrationRunInProgress")
        // sim.toml's [calibration] rate, 1 mL/h: a 250 nL step every 0.9 s, 36 s for 40.
        _ = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 60])
        let status = try daemon.status()
        #expect(status["mode"] == "stopped" && status["stopCause"] == "clinician")
        #expect(try #require(status["stepsMoved"]?.integerValue) - before == 40)
        // 40 steps of 260 nL of water at 998.2 mg/mL weigh 10 381 µg.
        let committed = try daemon.call("io.pumpd.Pump.CommitCalibrationRun", ["mass": 10_381, "density": 998_200])
        #expect(committed["old"] == 250_000 && committed["new"] == 260_000 && committed["steps"] == 40 && committed["volume"] == 10_400)
        #expect(try daemon.status()["stepVolume"] == 260_000)
        #expect(try daemon.refusal("io.pumpd.Pump.CommitCalibrationRun", ["mass": 10_381])?.name == "io.pumpd.Pump.NoCalibrationRun")
        let events = try daemon.call("io.pumpd.Pump.GetHistory", ["kinds": ["calibrationRunStarted", "calibrationRunFinished", "calibrated"]])["events"]?.arrayValue ?? []
        #expect(events.compactMap { $0["kind"]?.stringValue } == ["calibrationRunStarted", "calibrationRunFinished", "calibrated"])
        // The calibration is durable: a restart keeps it.
        #expect(daemon.stop() == 0)
        try daemon.start()
        #expect(try daemon.status()["stepVolume"] == 260_000)
    }
}
