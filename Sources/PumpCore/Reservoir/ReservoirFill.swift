/// The reservoir as last filled: how much of which drug, when, and where the pump stood then.
public struct ReservoirFill: Hashable, Sendable {
    public var volume: Volume
    public var drug: Drug
    public var filledAt: CivilTime
    /// Pump position (pL pushed since the rig started) at the moment of filling.
    public var position: Int64

    public init(volume: Volume, drug: Drug, filledAt: CivilTime, position: Int64) {
        self.volume = volume
        self.drug = drug
        self.filledAt = filledAt
        self.position = position
    }

    /// Accounted remaining volume at pump position `position`: fill volume less everything pushed
    /// since (priming included). Computed from positions, never accumulated.
    public func remaining(atPosition position: Int64) -> Volume {
        // Pushed volume rounds up, so the remainder shown is never more than is really left.
        volume - Volume(nanolitres: WideArithmetic.multiplyDivideRoundingUp(position - self.position, 1, 1_000))
    }
}
