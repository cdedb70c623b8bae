import PumpCore
import PumpHardware
import PumpSimulation

/// A rig on a virtual clock that stands at `start` until a test advances it.
struct VirtualRig {
    static let start = MonotonicInstant(nanoseconds: 1_000 * TimeSpan.second.nanoseconds)

    let clock: VirtualClock
    let rig: SimulatedRig

    init(_ configuration: SimulatedRigConfiguration = SimulatedRigConfiguration()) {
        clock = VirtualClock(start: ClockReading(monotonic: Self.start, wall: CivilTime(unixNanoseconds: 1_795_000_000_000_000_000)))
        rig = SimulatedRig(configuration: configuration, clock: clock)
    }

    var now: MonotonicInstant { clock.now().monotonic }

    func advance(_ span: TimeSpan) { clock.advance(by: span) }

    func steps(_ count: Int, forward: Bool = true) throws {
        for _ in 0..<count {
            if forward { try rig.motor.step() } else { try rig.motor.reverseStep() }
        }
    }

    func enabled() throws -> VirtualRig {
        try rig.motor.enable()
        return self
    }
}

extension SimulatedRigConfiguration {
    /// 250 nL steps, 50 Pa/nL: eight occluded steps make 100 kPa, the occlusion switch threshold.
    static var test: SimulatedRigConfiguration {
        SimulatedRigConfiguration(
            stepVolume: .nanolitres(250), reservoirFill: .millilitres(20), catheterDeadVolume: .microlitres(1),
            compliancePascalsPerNanolitre: 50, relaxationTimeConstant: .seconds(30),
            occlusionSwitchThresholdPascals: 100_000, reservoirLowThreshold: .millilitres(2))
    }
}
