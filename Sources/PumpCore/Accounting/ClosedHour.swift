/// One completed wall-clock hour with the pump's state as the session's clock crossed its end
/// (see `HourClosing` for the instant).
public struct ClosedHour: Sendable, Hashable {
    /// The pump's state recorded for a closed hour.
    public struct State: Sendable, Hashable {
        /// The flow the planner was delivering.
        public var rate: VolumeRate
        /// The accounted reservoir remainder.
        public var reservoir: Volume
        public var mode: DeliveryMode
        /// Whether a program was committed (an hour with no program and no delivery is not reported).
        public var programmed: Bool

        public init(rate: VolumeRate, reservoir: Volume, mode: DeliveryMode, programmed: Bool) {
            self.rate = rate
            self.reservoir = reservoir
            self.mode = mode
            self.programmed = programmed
        }
    }

    /// Start of the UTC hour, nanoseconds since the Unix epoch.
    public var start: Int64
    /// Its place in the session's sequence of closed hours, from 1.
    public var number: Int64
    /// The reading that closed it (its UTC offset is the one the hour is reported in).
    public var closedAt: CivilTime
    public var state: State
}
