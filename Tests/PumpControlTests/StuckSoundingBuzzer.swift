import PumpCore
import PumpHardware

/// The simulated alarm outputs with a buzzer sense that always reads sounding: a buzzer stuck on
/// (a welded relay, a driver transistor shorted).
final class StuckSoundingBuzzer: AlarmOutputs {
    let wrapped: any AlarmOutputs
    init(_ wrapped: any AlarmOutputs) { self.wrapped = wrapped }

    var source: String { wrapped.source }
    var hasBuzzer: Bool { wrapped.hasBuzzer }
    var hasRedLamp: Bool { wrapped.hasRedLamp }
    var hasYellowLamp: Bool { wrapped.hasYellowLamp }
    var hasBuzzerSense: Bool { true }
    func drive(_ levels: AnnunciatorLevels) throws(HardwareError) { try wrapped.drive(levels) }
    func buzzerSensed() throws(HardwareError) -> Bool? { true }
    func settleSense() { wrapped.settleSense() }
    func hold(nanoseconds: Int64) { wrapped.hold(nanoseconds: nanoseconds) }
}
