import PumpCore
import PumpHardware
import PumpSimulation
import Testing

/// The simulated buzzer under the `deadBuzzer` switch: what io.pumpd.Rig's truth reports as sound.
@Suite struct AlarmOutputFaultTests {
    @Test func aBuzzerThatDiesMidPulseFallsSilentAtThatInstant() throws {
        let rig = VirtualRig()
        let outputs = rig.rig.alarmOutputs
        try outputs.drive(AnnunciatorLevels(buzzer: true, red: true))
        #expect(outputs.record.sounding)
        rig.advance(.milliseconds(50))
        rig.rig.faults.setDeadBuzzer()
        #expect(!outputs.record.sounding, "truth must not report sound from a dead buzzer")
        #expect(outputs.record.buzzerEdges == 2)
        let last = try #require(outputs.edges(of: .buzzer).last)
        #expect(!last.on && last.at == rig.now)
        #expect(try outputs.buzzerSensed() == false)
        rig.advance(.milliseconds(50))
        try outputs.drive(.off)  // the pulse ends: no second off edge
        #expect(outputs.record.buzzerEdges == 2)
    }

    @Test func aRevivedBuzzerSoundsAtOnceWhileStillDriven() throws {
        let rig = VirtualRig()
        let outputs = rig.rig.alarmOutputs
        rig.rig.faults.setDeadBuzzer()
        try outputs.drive(AnnunciatorLevels(buzzer: true))
        #expect(!outputs.record.sounding)
        rig.advance(.milliseconds(10))
        rig.rig.faults.clearDeadBuzzer()
        #expect(outputs.record.sounding)
        #expect(outputs.edges(of: .buzzer).map(\.on) == [true])
        #expect(outputs.edges(of: .buzzer).first?.at == rig.now)
    }
}
