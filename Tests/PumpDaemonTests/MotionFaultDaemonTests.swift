import Foundation
import Testing

/// The motion fault switches through pumpd's io.pumpd.Rig on the default simulated rig
/// (hw-profiles/sim.toml: pump-side encoder and DIAG enabled), on the virtual clock.
@Suite(.serialized) struct MotionFaultDaemonTests {
    static func alarmKinds(_ daemon: RunningDaemon) throws -> [String] {
        try daemon.status()["alarms"]?.arrayValue?.compactMap { $0["kind"]?.stringValue } ?? []
    }

    @Test func lostStepsOnTheDefaultSimulatedRigRaiseMotorStallAndOutOfRangeIsRefused() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual", "--daily-dose", "500ug/day"]).start()
        defer { daemon.shutdown() }
        let refusal = try daemon.refusal("io.pumpd.Rig.SetFaults", ["faults": ["lostSteps": 1001]])
        #expect(refusal?.parameters["field"] == "faults.lostSteps")
        let faults = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["lostSteps": 1000]])["faults"]
        #expect(faults?["lostSteps"] == 1000 && faults?["couplingSlip"] == 0)
        let truth = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 600])["truth"]
        #expect(try Self.alarmKinds(daemon).contains("motor-stall"))
        #expect(truth?["lostSteps"] == 1)  // sim.toml has DIAG too: the first lost step asserts it
        #expect(truth?["motorEnabled"] == false)
    }

    @Test func freeFlowOnAStoppedPumpRaisesFreeFlow() throws {
        let daemon = try RunningDaemon(arguments: ["--clock", "virtual"]).start()
        defer { daemon.shutdown() }
        _ = try daemon.call("io.pumpd.Rig.SetFaults", ["faults": ["freeFlow": 10_000]])
        let truth = try daemon.call("io.pumpd.Rig.AdvanceTime", ["seconds": 600])["truth"]
        #expect(try Self.alarmKinds(daemon).contains("free-flow"))
        #expect((truth?["freeFlowed"]?.integerValue ?? 0) > 0)
        #expect(truth?["motorSteps"] == 0)
    }
}
