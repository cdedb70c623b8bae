/// A fixed volume to push at a fixed rate on top of the basal flow: a bolus or a priming fill.
///
/// The rate is rounded up to the picolitre per day so the task never takes longer than asked; the
/// task ends the instant its exact volume is reached, and the planner removes the sub-picolitre
/// overshoot of that last nanosecond, so every task contributes exactly its volume.
public struct VolumeTask: Hashable, Sendable {
    public enum Kind: String, Hashable, Sendable {
        case singleBolus, patientBolus, periodicBolus, priming
        /// Bench tasks (issue 14), run in the planner's priming slot (basal paused).
        case lineTest, calibrationRun
    }

    public let kind: Kind
    public let volume: Volume
    /// Flow in picolitres per day.
    public let rate: Int64
    public let started: MonotonicInstant
    /// Exact progress as picolitres × (nanoseconds per day).
    var progress: Int128 = 0
    /// The planner's commanded and programmed positions (picolitres) when the task began, to
    /// tell what the motor moved for it; nil for a task restored without them.
    var startPositions: StartPositions?

    struct StartPositions: Hashable, Sendable {
        var commanded: Int64
        var programmed: Int64
    }

    var goal: Int128 { Int128(volume.picolitres) * Int128(TimeSpan.day.nanoseconds) }

    /// A task delivering `volume` over `duration` from `start`.
    public init(kind: Kind, volume: Volume, over duration: TimeSpan, from start: MonotonicInstant) {
        precondition(duration.nanoseconds > 0 && volume.nanolitres > 0)
        self.kind = kind
        self.volume = volume
        self.rate = WideArithmetic.multiplyDivideRoundingUp(volume.picolitres, TimeSpan.day.nanoseconds, duration.nanoseconds)
        self.started = start
    }

    /// A task delivering `volume` at `rate` from `start`.
    public init(kind: Kind, volume: Volume, at rate: VolumeRate, from start: MonotonicInstant) {
        precondition(rate.picolitresPerDay > 0 && volume.nanolitres > 0)
        self.kind = kind
        self.volume = volume
        self.rate = rate.picolitresPerDay
        self.started = start
    }

    mutating func run(forNanoseconds elapsed: Int128) { progress += Int128(rate) * elapsed }

    /// The instant the task completes if it runs from `instant` with no interruption.
    func completion(from instant: MonotonicInstant) -> MonotonicInstant {
        let remaining = goal - progress
        return MonotonicInstant(nanoseconds: instant.nanoseconds + Int64(WideArithmetic.ceilDivide(remaining, Int128(rate))))
    }

    /// The volume programmed so far, rounded down to the nanolitre: the target, not what moved
    /// (`MeteringPlanner.moved(for:)` tells that).
    public var delivered: Volume {
        Volume(nanolitres: programmedPicolitres / 1_000)
    }

    var programmedPicolitres: Int64 { Int64(min(progress, goal) / Int128(TimeSpan.day.nanoseconds)) }
}
