/// The two clocks read together at one instant: the monotonic time base that metering integrates
/// over, and the local wall clock that decides which schedule step applies.
public struct ClockReading: Hashable, Sendable {
    public var monotonic: MonotonicInstant
    public var wall: CivilTime

    public init(monotonic: MonotonicInstant, wall: CivilTime) {
        self.monotonic = monotonic
        self.wall = wall
    }

    /// The wall time this reading predicts for a later monotonic instant, assuming no clock step.
    public func wallTime(at instant: MonotonicInstant) -> CivilTime { wall + (instant - monotonic) }

    /// The monotonic instant at which the wall clock is predicted to show `civil`.
    public func monotonicInstant(at civil: CivilTime) -> MonotonicInstant { monotonic + (civil - wall) }

    /// The reading advanced along both clocks by `span`, as if no clock step happened.
    public func advanced(by span: TimeSpan) -> ClockReading {
        ClockReading(monotonic: monotonic + span, wall: wall + span)
    }
}
