import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// The power-on self-test at `ControlCycle.start`: alarm outputs, the ENABLE path and the sensors,
/// each failure as its alarm, nothing moved.
@Suite struct PowerOnSelfTestTests {
    /// A cycle on a fresh simulated rig, `prepare`d (faults) before it starts with the self-test on.
    /// `io` picks the rig's inputs the cycle gets (default: the simulated rig's own).
    static func started(
        _ prepare: (SimulatedRig) -> Void = { _ in }, io: (SimulatedRig) -> RigIO = { $0.io }
    ) throws -> (ControlCycle, SimulatedRig) {
        let clock = VirtualClock(start: SimulatedBench.origin)
        let rig = SimulatedRig(
            configuration: SimulatedRigConfiguration(reservoirFill: .millilitres(20), initialCatheterFill: .microlitres(200)), clock: clock)
        prepare(rig)
        let cycle = ControlCycle(session: SimulatedBench.session(), rig: io(rig), settings: SimulatedBench.settings)
        cycle.selfTestAtStart = true
        let driver = VirtualLoopDriver(cycle: cycle, clock: clock)
        try driver.start()
        return (cycle, rig)
    }

    /// A started cycle whose rig inputs are the simulated rig's with `change` made to them.
    static func started(changing change: (inout RigIO) -> Void) throws -> ControlCycle {
        try started(io: { rig in
            var io = rig.io
            change(&io)
            return io
        }).0
    }

    @Test func aHealthyRigPassesEveryItemWithoutMovingTheMotor() throws {
        let (cycle, rig) = try Self.started()
        let report = try #require(cycle.annunciation.lastSelfTest)
        #expect(report.passed)
        #expect(report.kind == .powerOnSelfTest)
        #expect(report.items.map(\.subject) == [
            "buzzer", "red LED", "yellow LED", "ENABLE path", "sensor sim:pressure", "sensor sim:occlusionSwitch", "sensor sim:battery",
            "sensor sim:reservoirSwitch",
        ])
        #expect(report.items.first?.outcome == .passed)
        #expect(rig.truth().stepsForward == 0 && rig.truth().stepsBack == 0 && !rig.truth().enabled)
        #expect(rig.alarmOutputs.record.buzzerEdges == 2)  // one pulse
        #expect(rig.alarmOutputs.record.driven == .off)
        #expect(cycle.takeEvents().contains { if case .selfTest(let r) = $0.kind { r.passed } else { false } })
        #expect(cycle.session.alarms.activeAlarms.isEmpty)
    }

    @Test func aDeadBuzzerRaisesAlarmSystemFailureWithPowerOnSelfTestEvidence() throws {
        let (cycle, _) = try Self.started { $0.faults.setDeadBuzzer() }
        let report = try #require(cycle.annunciation.lastSelfTest)
        #expect(!report.passed)
        let alarm = try #require(cycle.session.alarms.active[.alarmSystemFailure])
        #expect(alarm.evidence.hasPrefix("power-on self-test: buzzer: sense read silent before, silent while driven on"))
        #expect(alarm.severity == .nonCritical)
        #expect(!cycle.session.alarms.blocksDelivery)
    }

    @Test func aDriverFaultLineAssertedRaisesACriticalDriverFault() throws {
        let (cycle, _) = try Self.started { $0.faults.setDriverFault() }
        let alarm = try #require(cycle.session.alarms.active[.driverFault])
        #expect(alarm.evidence.hasPrefix("power-on self-test: ENABLE path: driver-fault line asserted"))
        #expect(cycle.session.alarms.blocksDelivery)
    }

    @Test func anUnreadablePressureSensorIsASafetySensorFailureAndABatteryOneDegraded() throws {
        let (cycle, _) = try Self.started {
            $0.faults.setSensorReadFailure(.pressure)
            $0.faults.setSensorReadFailure(.battery)
        }
        let safety = try #require(cycle.session.alarms.active[.safetySensorFailure])
        #expect(safety.evidence.hasPrefix("power-on self-test: sensor sim:pressure"))
        let degraded = try #require(cycle.session.alarms.active[.sensorDegraded])
        #expect(degraded.evidence.hasPrefix("power-on self-test: sensor sim:battery"))
    }

    @Test func withoutTheFlagNoSelfTestRuns() throws {
        let bench = try SimulatedBench()
        #expect(bench.cycle.annunciation.lastSelfTest == nil)
        #expect(bench.rig.alarmOutputs.record.edges.isEmpty)
    }
}

/// The self-test's look at the motion inputs during its ENABLE pulse with no step.
@Suite struct PowerOnSelfTestMotionTests {
    /// An encoder whose `script` gives each call's pulses in turn (then none): the cycle's start
    /// drains once, the self-test once before ENABLE and once after, so the third is the pulse's.
    final class ScriptedEncoder: MotionSensor {
        var script: [Int64]
        init(_ script: [Int64]) { self.script = script }
        let source = "test:encoder"
        func takePulses() throws(HardwareError) -> Int64 { script.isEmpty ? 0 : script.removeFirst() }
    }

    final class ScriptedDIAG: StallInput {
        var script: [Bool]
        init(_ script: [Bool]) { self.script = script }
        let source = "test:DIAG"
        func takeStall() throws(HardwareError) -> Bool { script.isEmpty ? false : script.removeFirst() }
    }

    static func started(encoder: ScriptedEncoder, diag: ScriptedDIAG) throws -> ControlCycle {
        try PowerOnSelfTestTests.started(changing: {
            $0.motion = encoder
            $0.stallOutput = diag
        })
    }

    @Test func aStillEncoderAndAClearDIAGPass() throws {
        let cycle = try Self.started(encoder: ScriptedEncoder([]), diag: ScriptedDIAG([]))
        let report = try #require(cycle.annunciation.lastSelfTest)
        #expect(report.passed)
        let motion = try #require(report.items.first { $0.subject == "motion inputs" })
        #expect(motion.outcome == .passed && motion.evidence.contains("test:encoder saw no pulse"), "\(motion.evidence)")
    }

    @Test func pulsesDuringTheEnablePulseAreACriticalDriverFault() throws {
        let cycle = try Self.started(encoder: ScriptedEncoder([5, 0, 3]), diag: ScriptedDIAG([]))
        let alarm = try #require(cycle.session.alarms.active[.driverFault])
        #expect(alarm.evidence.hasPrefix("power-on self-test: motion inputs: test:encoder saw 3 pulses while ENABLE was on"), "\(alarm.evidence)")
        #expect(cycle.session.alarms.blocksDelivery)
        #expect(cycle.session.alarms.active[.freeFlow] == nil)
    }

    @Test func aDIAGAssertedAtRestIsADriverFault() throws {
        let cycle = try Self.started(encoder: ScriptedEncoder([]), diag: ScriptedDIAG([false, false, true]))
        let alarm = try #require(cycle.session.alarms.active[.driverFault])
        #expect(alarm.evidence.contains("test:DIAG asserted with no step made"), "\(alarm.evidence)")
    }
}
