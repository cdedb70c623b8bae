public import PumpCore

/// The drug reservoir.
public struct ReservoirProfile: Hashable, Sendable {
    public var capacity: Volume
    /// At or below this accounted volume delivery stops: the pump never runs dry.
    public var emptyThreshold: Volume
    /// A refill whose withdrawn volume differs from the accounted remainder by more raises an alarm.
    public var refillDiscrepancyTolerance: Volume

    public init(capacity: Volume, emptyThreshold: Volume, refillDiscrepancyTolerance: Volume) {
        self.capacity = capacity
        self.emptyThreshold = emptyThreshold
        self.refillDiscrepancyTolerance = refillDiscrepancyTolerance
    }
}
