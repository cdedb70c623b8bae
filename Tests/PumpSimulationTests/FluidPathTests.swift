import PumpCore
import PumpHardware
import PumpSimulation
import Testing

@Suite("Simulated rig: fluid path")
struct FluidPathTests {
    @Test func reservoirFallsByExactlyTheStepCountTimesTheStepVolume() throws {
        var configuration = SimulatedRigConfiguration.test
        configuration.stepVolume = .picolitres(287_500)  // 287.5 nL: not a whole nanolitre
        let sim = try VirtualRig(configuration).enabled()
        for _ in 0..<1_000 {
            try sim.rig.motor.step()
            sim.advance(.milliseconds(10))
        }
        let truth = sim.rig.truth()
        #expect(truth.reservoir == .millilitres(20) - .nanolitres(287_500))
        #expect(truth.stepsForward == 1_000)
        #expect(truth.encoderPulses == 1_000)
        #expect(truth.fluidPicolitres == Volume.millilitres(20).picolitres)
    }

    @Test func reverseStepsReturnFluidToTheReservoir() throws {
        let sim = try VirtualRig(.test).enabled()
        try sim.steps(10)
        try sim.steps(3, forward: false)
        let truth = sim.rig.truth()
        #expect(truth.reservoir == .millilitres(20) - .nanolitres(7 * 250))
        #expect(truth.stepsBack == 3)
        #expect(truth.reverseMoves == 3)
    }

    @Test func catheterDeadVolumeFillsBeforeAnythingLeavesTheTip() throws {
        let sim = try VirtualRig(.test).enabled()  // 1 µL dead volume, 250 nL steps
        try sim.steps(4)
        #expect(sim.rig.truth().catheterFill == .microlitres(1))
        #expect(sim.rig.truth().deliveredToPatient == .zero)
        try sim.steps(1)
        #expect(sim.rig.truth().deliveredToPatient == .nanolitres(250))
    }

    @Test func primedCatheterDeliversFromTheFirstStep() throws {
        var configuration = SimulatedRigConfiguration.test
        configuration.initialCatheterFill = configuration.catheterDeadVolume
        let sim = try VirtualRig(configuration).enabled()
        try sim.steps(2)
        #expect(sim.rig.truth().deliveredToPatient == .nanolitres(500))
    }

    @Test func leakMakesTheReservoirFallFasterThanTheStepsAccount() throws {
        let sim = try VirtualRig(.test).enabled()
        sim.rig.faults.setReservoirLeak(nanolitresPerHour: 1_000)
        for _ in 0..<100 {
            try sim.rig.motor.step()
            sim.advance(.seconds(36))
        }
        let truth = sim.rig.truth()
        let accounted = Volume.millilitres(20) - .nanolitres(100 * 250)
        #expect(truth.reservoir == accounted - .nanolitres(1_000))
        #expect(truth.leaked == .nanolitres(1_000))
        #expect(truth.reservoir < accounted)
    }

    @Test func leakIsExactHoweverFinelyTimeIsSliced() throws {
        let sliced = VirtualRig(.test)
        let whole = VirtualRig(.test)
        sliced.rig.faults.setReservoirLeak(nanolitresPerHour: 7)
        whole.rig.faults.setReservoirLeak(nanolitresPerHour: 7)
        for _ in 0..<3_600 {
            sliced.advance(.seconds(1))
            _ = sliced.rig.truth()
        }
        whole.advance(.hours(1))
        #expect(sliced.rig.truth().leaked == .nanolitres(7))
        #expect(whole.rig.truth().leaked == .nanolitres(7))
    }

    @Test func clearedLeakStopsTheLoss() throws {
        let sim = VirtualRig(.test)
        sim.rig.faults.setReservoirLeak(nanolitresPerHour: 2_000)
        sim.advance(.minutes(30))
        sim.rig.faults.clearReservoirLeak()
        sim.advance(.hours(5))
        #expect(sim.rig.truth().leaked == .microlitres(1))
    }

    @Test func emptyReservoirPushesNothing() throws {
        var configuration = SimulatedRigConfiguration.test
        configuration.reservoirFill = .nanolitres(600)
        let sim = try VirtualRig(configuration).enabled()
        try sim.steps(4)
        let truth = sim.rig.truth()
        #expect(truth.reservoir == .zero)
        #expect(truth.catheterFill == .nanolitres(600))
        #expect(truth.encoderPulses == 4)
    }

    @Test func reservoirSwitchAssertsAtItsThreshold() throws {
        var configuration = SimulatedRigConfiguration.test
        configuration.reservoirFill = .millilitres(2) + .nanolitres(500)
        let sim = try VirtualRig(configuration).enabled()
        try sim.steps(1)
        #expect(try !sim.rig.reservoirSwitch.isAsserted())
        try sim.steps(1)
        #expect(try sim.rig.reservoirSwitch.isAsserted())
        #expect(sim.rig.reservoirSwitch.eventDescriptor == nil)
        sim.rig.refill(to: .millilitres(20))
        #expect(try !sim.rig.reservoirSwitch.consumeEdges())
    }

    @Test func stepsWhileDisabledAreRecordedAndMoveNothing() throws {
        let sim = VirtualRig(.test)
        try sim.rig.motor.step()
        try sim.rig.motor.enable()
        try sim.rig.motor.step()
        try sim.rig.motor.disable()
        try sim.rig.motor.reverseStep()
        let truth = sim.rig.truth()
        #expect(truth.stepsWhileDisabled == 2)
        #expect(truth.steppedWhileDisabled)
        #expect(truth.stepsForward == 2 && truth.stepsBack == 1)
        #expect(truth.encoderPulses == 1 && truth.reverseMoves == 0)
        #expect(truth.reservoir == .millilitres(20) - .nanolitres(250))
        #expect(!truth.enabled)
    }

    @Test func enabledRigRecordsNoCallerFault() throws {
        let sim = try VirtualRig(.test).enabled()
        try sim.steps(5)
        #expect(sim.rig.truth().enabled)
        #expect(!sim.rig.truth().steppedWhileDisabled)
    }
}
