import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// Every fault switch of the simulated rig, through the real control cycle: the fault raises the
/// right alarm, the motor ends disabled, and nothing is delivered after a critical alarm.
@Suite struct ControlCycleFaultTests {
    @Test func motorStaysDisabledUntilTheFirstStepAndADayDeliversExactlyTheProgram() throws {
        let bench = try SimulatedBench()
        #expect(!bench.truth.enabled)
        bench.driver.advance(by: .hours(1))
        #expect(bench.truth.encoderPulses == 0)  // nothing programmed: nothing moves
        bench.program()
        bench.driver.advance(by: .days(1))
        #expect(bench.truth.encoderPulses == 1000)  // 250 µL/day ÷ 250 nL
        #expect(bench.truth.stepsWhileDisabled == 0)
        #expect(bench.truth.reservoir == .millilitres(20) - .microlitres(250))
        #expect(bench.session.ledger.deliveredMass == .micrograms(500))
    }

    /// Runs `fault` on a rig delivering for an hour, waits up to `limit` for `alarm`, and checks
    /// the motor is disabled and stays still for the next hour.
    func expectFault(
        _ alarm: AlarmKind, critical: Bool, limit: TimeSpan = .hours(2), bench: SimulatedBench? = nil,
        _ fault: (SimulatedBench) -> Void
    ) throws {
        let bench = try bench ?? SimulatedBench()
        bench.program()
        bench.driver.advance(by: .hours(1))
        fault(bench)
        let took = bench.advance(until: { bench.isActive(alarm) }, limit: limit)
        #expect(took != nil, "no \(alarm.rawValue) alarm within \(limit)")
        guard critical else {
            #expect(bench.session.mode == .running)
            return
        }
        #expect(bench.session.mode == .stopped(.alarm))
        #expect(!bench.truth.enabled)
        let pulses = bench.truth.encoderPulses
        bench.driver.advance(by: .hours(1))
        #expect(bench.truth.encoderPulses == pulses, "delivery continued after a critical \(alarm.rawValue) alarm")
        #expect(bench.truth.stepsWhileDisabled == 0)
    }

    @Test func anOccludedOutletRaisesACriticalOcclusionAlarmAndDisablesTheMotor() throws {
        try expectFault(.occlusion, critical: true) { $0.rig.faults.setOcclusion() }
    }

    @Test func theOcclusionSwitchAloneStopsTheMotorOnARigWithoutAPressureSensor() throws {
        let bench = try SimulatedBench { rig in var io = rig.io; io.pressure = nil; return io }
        try expectFault(.occlusion, critical: true, bench: bench) { $0.rig.faults.setOcclusion() }
        #expect(bench.session.alarms.active[.occlusion]?.evidence.contains("switch") == true)
    }

    @Test func thePressureThresholdAloneStopsTheMotorOnARigWithoutASwitch() throws {
        let bench = try SimulatedBench { rig in var io = rig.io; io.occlusionSwitch = nil; return io }
        try expectFault(.occlusion, critical: true, bench: bench) { $0.rig.faults.setOcclusion() }
        #expect(bench.session.alarms.active[.occlusion]?.evidence.contains("Pa ≥ 137900 Pa for 3 samples") == true)
    }

    @Test func aStalledMotorRaisesAMotorStallAlarm() throws {
        try expectFault(.motorStall, critical: true) { $0.rig.faults.setMotorStall() }
    }

    @Test func aDriverFaultRaisesADriverFaultAlarm() throws {
        try expectFault(.driverFault, critical: true) { $0.rig.faults.setDriverFault() }
    }

    @Test func aPressureSensorThatCannotBeReadIsACriticalSafetySensorFailure() throws {
        try expectFault(.safetySensorFailure, critical: true) { $0.rig.faults.setSensorReadFailure(.pressure) }
    }

    @Test func aStuckPressureSensorIsACriticalSafetySensorFailure() throws {
        try expectFault(.safetySensorFailure, critical: true) { $0.rig.faults.setSensorStuck(.pressure) }
    }

    @Test func aBatterySensorThatCannotBeReadDegradesButDeliveryContinues() throws {
        try expectFault(.sensorDegraded, critical: false) { $0.rig.faults.setSensorReadFailure(.battery) }
    }

    @Test func aSaggingBatteryRaisesTheReplacementIndicatorThenEndOfService() throws {
        let bench = try SimulatedBench()
        try expectFault(.batteryElectiveReplacement, critical: false, bench: bench) {
            $0.rig.faults.setBatterySag(millivolts: 350)  // 3600 → 3250 mV: below ERI 3300
        }
        try expectFault(.batteryEndOfService, critical: true, bench: bench) {
            $0.rig.faults.setBatterySag(millivolts: 650)  // 2950 mV: below EOS 3000
        }
    }

    @Test func aReservoirLeakTripsThePhysicalLowSwitchWhileTheAccountingStillSaysFull() throws {
        let bench = try SimulatedBench()
        // 8 mL/h leaks 18 of the 20 mL in 2 h 15 min: the switch (≤ 2 mL) asserts long before the
        // accounting, which has only seen ~0.03 mL delivered, says anything.
        try expectFault(.reservoirSwitchLow, critical: false, limit: .hours(4), bench: bench) {
            $0.rig.faults.setReservoirLeak(nanolitresPerHour: 8_000_000)
        }
        #expect(bench.session.reservoirRemaining > .millilitres(19))
        #expect(!bench.isActive(.reservoirLow))
    }

    @Test func pressureReliefReversesExactlyTheConfiguredStepsAndNoMore() throws {
        var settings = SimulatedBench.settings
        settings.reliefSteps = 4
        let bench = try SimulatedBench(settings: settings)
        try expectFault(.occlusion, critical: true, bench: bench) { $0.rig.faults.setOcclusion() }
        #expect(bench.truth.reverseMoves == 4)
        #expect(!bench.truth.enabled)
    }

    /// Issue 14: relief and an open line no longer clear the occlusion: after the acknowledgement
    /// it stays active until the resume's line test shows the line open (LineTestTests).
    @Test func occlusionAlarmClearsOnlyAfterAcknowledgementAndALineTestAndDeliveryWaitsForAResume() throws {
        let bench = try SimulatedBench()
        try expectFault(.occlusion, critical: true, bench: bench) { $0.rig.faults.setOcclusion() }
        bench.rig.faults.clearOcclusion()
        bench.driver.advance(by: .minutes(10))  // pressure relaxes (τ = 30 s) and the samples confirm it
        #expect(bench.isActive(.occlusion))  // still latched: not acknowledged
        bench.driver.apply { session, now in try! session.acknowledgeAlarm(.occlusion, at: now) }
        #expect(bench.isActive(.occlusion))  // acknowledged, but the line was not shown open yet
        let pulses = bench.truth.encoderPulses
        bench.driver.advance(by: .hours(1))
        #expect(bench.truth.encoderPulses == pulses)  // never restarts on its own
        bench.driver.apply { session, now in try! session.resume(at: now) }
        bench.driver.advance(by: .hours(1))
        #expect(!bench.isActive(.occlusion))
        // The line test's 1 µL (4 steps, LineTestPlan.standard), then one hour at 250 µL/day:
        // 41.7 steps, no catch-up.
        #expect(bench.truth.encoderPulses - pulses == 4 + 41)
    }
}
