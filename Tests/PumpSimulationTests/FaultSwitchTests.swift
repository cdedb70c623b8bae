import Glibc
import PumpCore
import PumpHardware
import PumpSimulation
import Testing

@Suite("Simulated rig: faults")
struct FaultSwitchTests {
    @Test func stalledMotorThrowsAndTheEncoderStopsCounting() throws {
        let sim = try VirtualRig(.test).enabled()
        try sim.steps(3)
        sim.rig.faults.setMotorStall()
        #expect(throws: HardwareError.stall(motor: "simulated stepper", detail: "no encoder pulse (simulated stall)")) {
            try sim.rig.motor.step()
        }
        #expect(throws: HardwareError.self) { try sim.rig.motor.reverseStep() }
        var truth = sim.rig.truth()
        #expect(truth.encoderPulses == 3)
        #expect(truth.stepsForward == 4)
        #expect(truth.reservoir == .millilitres(20) - .nanolitres(750))
        sim.rig.faults.clearMotorStall()
        try sim.steps(1)
        truth = sim.rig.truth()
        #expect(truth.encoderPulses == 4)
    }

    @Test func driverFaultThrowsAndAssertsTheFaultLine() throws {
        let sim = try VirtualRig(.test).enabled()
        #expect(try !sim.rig.driverFault.isAsserted())
        sim.rig.faults.setDriverFault()
        #expect(throws: HardwareError.driverFault(motor: "simulated stepper")) { try sim.rig.motor.step() }
        #expect(throws: HardwareError.driverFault(motor: "simulated stepper")) { try sim.rig.motor.reverseStep() }
        #expect(try sim.rig.driverFault.isAsserted())
        #expect(sim.rig.truth().encoderPulses == 0)
        #expect(sim.rig.truth().reservoir == .millilitres(20))
        try sim.rig.motor.disable()  // disabling always works
        sim.rig.faults.clearDriverFault()
        try sim.rig.motor.enable()
        try sim.rig.motor.step()
        #expect(sim.rig.truth().encoderPulses == 1)
    }

    @Test(arguments: SimulatedSensor.allCases)
    func readFailureThrowsEIOForThatSensorOnly(sensor: SimulatedSensor) throws {
        let sim = VirtualRig(.test)
        sim.rig.faults.setSensorReadFailure(sensor)
        let failure = HardwareError.read(path: "sim:\(sensor.rawValue)", errno: EIO)
        let reads: [SimulatedSensor: () throws -> Int64] = [
            .pressure: { try sim.rig.pressure.read() },
            .battery: { try sim.rig.battery.read() },
            .occlusionSwitch: { try sim.rig.occlusionSwitch.isAsserted() ? 1 : 0 },
            .reservoirSwitch: { try sim.rig.reservoirSwitch.isAsserted() ? 1 : 0 },
            .driverFaultLine: { try sim.rig.driverFault.isAsserted() ? 1 : 0 },
        ]
        for (other, read) in reads {
            if other == sensor {
                #expect(throws: failure) { try read() }
            } else {
                #expect(throws: Never.self) { try read() }
            }
        }
        sim.rig.faults.clearSensorReadFailure(sensor)
        #expect(throws: Never.self) { try reads[sensor]!() }
    }

    @Test func stuckPressureKeepsItsReadingWhileTheLineMoves() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        try sim.steps(2)
        sim.rig.faults.setSensorStuck(.pressure)
        try sim.steps(4)
        #expect(try sim.rig.pressure.read() == 25_000)
        #expect(sim.rig.truth().pressurePascals == 75_000)
        #expect(sim.rig.faults.current.stuckReadings == [.pressure: 25_000])
        sim.rig.faults.clearSensorStuck(.pressure)
        #expect(try sim.rig.pressure.read() == 75_000)
    }

    @Test func stuckOcclusionSwitchStaysReleasedAboveItsThreshold() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setSensorStuck(.occlusionSwitch)
        sim.rig.faults.setOcclusion()
        try sim.steps(10)
        #expect(try !sim.rig.occlusionSwitch.isAsserted())
        sim.rig.faults.clearSensorStuck(.occlusionSwitch)
        #expect(try sim.rig.occlusionSwitch.isAsserted())
    }

    @Test func readFailureWinsOverAStuckValue() throws {
        let sim = VirtualRig(.test)
        sim.rig.faults.setSensorStuck(.battery)
        sim.rig.faults.setSensorReadFailure(.battery)
        #expect(throws: HardwareError.read(path: "sim:battery", errno: EIO)) { try sim.rig.battery.read() }
    }

    @Test func batteryDrainsPerStepAndPerHourAndSagsUnderTheFault() throws {
        var configuration = SimulatedRigConfiguration.test
        configuration.batteryDrainMicrovoltsPerStep = 2
        configuration.batteryDrainMicrovoltsPerHour = 5
        let sim = try VirtualRig(configuration).enabled()
        #expect(try sim.rig.battery.read() == 3_600)
        #expect(sim.rig.battery.quantity == .voltageMillivolts)
        try sim.steps(1_000)  // 2 000 µV
        sim.advance(.hours(200))  // 1 000 µV
        #expect(try sim.rig.battery.read() == 3_597)
        sim.rig.faults.setBatterySag(millivolts: 300)
        #expect(try sim.rig.battery.read() == 3_297)
        #expect(sim.rig.truth().batteryMillivolts == 3_297)
        sim.rig.faults.clearBatterySag()
        #expect(try sim.rig.battery.read() == 3_597)
    }

    @Test func stuckBatteryHidesTheSag() throws {
        let sim = VirtualRig(.test)
        sim.rig.faults.setSensorStuck(.battery)
        sim.rig.faults.setBatterySag(millivolts: 500)
        #expect(try sim.rig.battery.read() == 3_600)
        #expect(sim.rig.truth().batteryMillivolts == 3_100)
    }

    @Test func clearAllSwitchesEveryFaultOff() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setOcclusion()
        sim.rig.faults.setMotorStall()
        sim.rig.faults.setDriverFault()
        sim.rig.faults.setSensorReadFailure(.pressure)
        sim.rig.faults.setSensorStuck(.battery)
        sim.rig.faults.setBatterySag(millivolts: 100)
        sim.rig.faults.setReservoirLeak(nanolitresPerHour: 100)
        #expect(!sim.rig.faults.current.isClear)
        sim.rig.faults.clearAll()
        #expect(sim.rig.faults.current.isClear)
        try sim.rig.motor.step()
        #expect(try sim.rig.pressure.read() == 0)
    }

    @Test func faultsCanBeSwitchedFromAnotherThreadWhileTheMotorRuns() async throws {
        let sim = try VirtualRig(.test).enabled()
        let rig = sim.rig
        let clock = sim.clock
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                for _ in 0..<2_000 {
                    try? rig.motor.step()
                    clock.advance(by: .milliseconds(5))
                }
            }
            group.addTask {
                for index in 0..<500 {
                    if index.isMultiple(of: 2) { rig.faults.setReservoirLeak(nanolitresPerHour: 1_000) } else { rig.faults.clearReservoirLeak() }
                    _ = try? rig.pressure.read()
                }
            }
        }
        let truth = rig.truth()
        #expect(truth.stepsForward == 2_000 && truth.encoderPulses == 2_000)
        #expect(truth.fluidPicolitres == Volume.millilitres(20).picolitres)
    }
}
