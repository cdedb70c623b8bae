import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import Testing

/// The self-test's ENABLE pulse is judged only once the driver is awake, and is not claimed on a
/// driver whose `enable()` drives nothing; its buzzer pulse is long enough to hear.
@Suite struct PowerOnSelfTestEnableTests {
    /// A motor that records its calls and whose FAULT line is asserted from ENABLE's edge until
    /// its set-up time has been waited out (a driver waking up), as some drivers do.
    final class WakingMotor: MotorDriver, BinaryInput {
        let name = "test:motor"
        let source = "test:FAULT"
        let eventDescriptor: Int32? = nil
        let enableEffect: MotorEnableEffect
        private(set) var calls: [String] = []
        private var waking = false
        init(_ effect: MotorEnableEffect) { enableEffect = effect }
        func disable() throws(HardwareError) { calls.append("disable"); waking = false }
        func enable() throws(HardwareError) {
            calls.append("enable")
            if case .drivesLine = enableEffect { waking = true }
        }
        func awaitEnableSetup() { calls.append("awaitEnableSetup"); waking = false }
        func step() throws(HardwareError) { calls.append("step") }
        func reverseStep() throws(HardwareError) { calls.append("reverseStep") }
        func isAsserted() throws(HardwareError) -> Bool { waking }
        func consumeEdges() throws(HardwareError) -> Bool { waking }
    }

    static func started(_ motor: WakingMotor) throws -> ControlCycle {
        try PowerOnSelfTestTests.started(changing: {
            $0.motor = motor
            $0.driverFault = motor
        })
    }

    @Test func theFaultLineIsJudgedOnlyAfterTheDriversEnableSetupTime() throws {
        let motor = WakingMotor(.drivesLine(setupNanoseconds: 1_000_000))
        let cycle = try Self.started(motor)
        let report = try #require(cycle.annunciation.lastSelfTest)
        let enable = try #require(report.items.first { $0.subject == "ENABLE path" })
        #expect(enable.outcome == .passed, "\(enable.evidence)")
        #expect(cycle.session.alarms.active[.driverFault] == nil)
        let pulse = Array(motor.calls.drop { $0 != "enable" }.prefix(2))
        #expect(pulse == ["enable", "awaitEnableSetup"], "\(motor.calls)")
    }

    @Test func aDriverWhoseEnableDrivesNothingReportsTheEnablePathUnverifiedAndWhy() throws {
        let motor = WakingMotor(.armsOnly(reason: "idle_unpowered: the stepper drives ENABLE only around each step"))
        let cycle = try Self.started(motor)
        let report = try #require(cycle.annunciation.lastSelfTest)
        let enable = try #require(report.items.first { $0.subject == "ENABLE path" })
        #expect(enable.outcome == .unverified)
        #expect(enable.evidence.hasPrefix("ENABLE not driven: idle_unpowered: the stepper drives ENABLE only around each step"), "\(enable.evidence)")
        #expect(enable.evidence.contains("driver-fault line clear at rest"), "\(enable.evidence)")
        #expect(!motor.calls.contains("enable") && !motor.calls.contains("step"), "\(motor.calls)")
        #expect(report.passed)
    }

    /// Alarm outputs that record every drive and every wait (in nanoseconds; settling as nil).
    final class RecordingOutputs: AlarmOutputs {
        enum Call: Equatable { case drive(AnnunciatorLevels), settle, hold(Int64) }
        let source = "test:outputs"
        let hasBuzzer = true
        let hasRedLamp = false
        let hasYellowLamp = false
        let hasBuzzerSense = false
        private(set) var calls: [Call] = []
        func drive(_ levels: AnnunciatorLevels) throws(HardwareError) { calls.append(.drive(levels)) }
        func buzzerSensed() throws(HardwareError) -> Bool? { nil }
        func settleSense() { calls.append(.settle) }
        func hold(nanoseconds: Int64) { calls.append(.hold(nanoseconds)) }
    }

    @Test func theSelfTestsBuzzerPulseLastsAtLeast250MillisecondsSoABenchEngineerHearsIt() throws {
        let outputs = RecordingOutputs()
        _ = try PowerOnSelfTestTests.started(changing: { $0.alarmOutputs = outputs })
        let on = try #require(outputs.calls.firstIndex(of: .drive(AnnunciatorLevels(buzzer: true))))
        let off = try #require(outputs.calls[on...].firstIndex { if case .drive(let levels) = $0 { !levels.buzzer } else { false } })
        let held = outputs.calls[on..<off].reduce(Int64(0)) { sum, call in if case .hold(let ns) = call { sum + ns } else { sum } }
        #expect(held >= 250_000_000, "\(outputs.calls)")
    }
}
