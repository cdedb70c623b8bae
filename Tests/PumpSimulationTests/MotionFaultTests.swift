import PumpCore
import PumpHardware
import PumpSimulation
import Testing

/// The motion fault switches of the simulated rig: lost steps (DIAG asserts), a slipping
/// coupling (DIAG quiet), free flow while disabled; deterministic per mille.
@Suite struct MotionFaultTests {
    @Test func lostStepsPerMilleLoseExactlyThatShareOfStepsAndAssertDIAG() throws {
        let rig = try VirtualRig().enabled()
        rig.rig.faults.setLostSteps(perMille: 250)
        try rig.steps(3)
        #expect(try !rig.rig.stallOutput.takeStall())
        try rig.steps(1)  // the 4th: 250 ‰ passes 1000
        #expect(try rig.rig.stallOutput.takeStall())
        #expect(try !rig.rig.stallOutput.takeStall())  // latched until read, then clear
        try rig.steps(96)
        let truth = rig.rig.truth()
        #expect(truth.lostSteps == 25)
        #expect(truth.encoderPulses == 75)
        #expect(truth.stepsForward == 100)
        #expect(truth.reservoirPicolitres == SimulatedRigConfiguration().reservoirFill.picolitres - 75 * 250_000)
    }

    @Test func aSlippingCouplingMovesNoFluidAndNoPumpSidePulseAndLeavesDIAGQuiet() throws {
        let rig = try VirtualRig().enabled()
        rig.rig.faults.setCouplingSlip(perMille: 1_000)
        try rig.steps(10)
        #expect(try rig.rig.encoder.takePulses() == 0)
        #expect(try !rig.rig.stallOutput.takeStall())
        #expect(rig.rig.truth().slippedSteps == 10)
        #expect(rig.rig.truth().reservoir == SimulatedRigConfiguration().reservoirFill)
    }

    @Test func freeFlowMovesFluidToTheTipWithPumpSidePulsesOnlyWhileDisabled() throws {
        let rig = VirtualRig(SimulatedRigConfiguration(initialCatheterFill: .microlitres(200)))
        rig.rig.faults.setFreeFlow(nanolitresPerHour: 1_000)
        rig.advance(.hours(1))
        #expect(try rig.rig.encoder.takePulses() == 4)  // 1000 nL at 250 nL per pulse
        #expect(rig.rig.truth().freeFlowedPicolitres == 1_000_000)
        #expect(rig.rig.truth().deliveredToPatient == .nanolitres(1_000))
        try rig.rig.motor.enable()
        rig.advance(.hours(1))
        #expect(try rig.rig.encoder.takePulses() == 0)  // the motor holds: no flow while enabled
        #expect(rig.rig.truth().fluidPicolitres == SimulatedRigConfiguration().reservoirFill.picolitres + 200_000_000)
    }

    @Test func encoderPulsesAreHandedOutOnce() throws {
        let rig = try VirtualRig().enabled()
        try rig.steps(5)
        #expect(try rig.rig.encoder.takePulses() == 5)
        #expect(try rig.rig.encoder.takePulses() == 0)
    }
}
