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
    static func started(_ prepare: (SimulatedRig) -> Void = { _ in }) throws -> (ControlCycle, SimulatedRig) {
        let clock = VirtualClock(start: SimulatedBench.origin)
        let rig = SimulatedRig(
            configuration: SimulatedRigConfiguration(reservoirFill: .millilitres(20), initialCatheterFill: .microlitres(200)), clock: clock)
        prepare(rig)
        let cycle = ControlCycle(session: SimulatedBench.session(), rig: rig.io, settings: SimulatedBench.settings)
        cycle.selfTestAtStart = true
        let driver = VirtualLoopDriver(cycle: cycle, clock: clock)
        try driver.start()
        return (cycle, rig)
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
