/// One reservoir refill, kept as history (never updated or deleted).
public struct StoredFill: Sendable, Hashable {
    /// Assigned by the store; increases with every fill.
    public var id: Int64
    /// Wall-clock time of the fill, nanoseconds since the Unix epoch (UTC).
    public var filledAtWallNanoseconds: Int64
    /// Volume put into the reservoir, nanolitres (> 0).
    public var volumeNanolitres: Int64
    /// The drug, as labelled; never empty.
    public var drugName: String
    /// Drug concentration, micrograms per millilitre (> 0).
    public var concentrationMicrogramsPerMillilitre: Int64
    /// Volume withdrawn from the reservoir before the fill, nanolitres (≥ 0), when measured.
    public var withdrawnNanolitres: Int64?
    /// What the pump expected to remain before the fill, nanolitres (≥ 0), when known.
    public var expectedRemainingNanolitres: Int64?
    /// Withdrawn minus expected, nanolitres (either sign), when both are known.
    public var discrepancyNanolitres: Int64?
    /// Who performed the fill.
    public var actor: ChangeActor

    public init(
        id: Int64, filledAtWallNanoseconds: Int64, volumeNanolitres: Int64, drugName: String,
        concentrationMicrogramsPerMillilitre: Int64, withdrawnNanolitres: Int64?, expectedRemainingNanolitres: Int64?,
        discrepancyNanolitres: Int64?, actor: ChangeActor
    ) {
        self.id = id
        self.filledAtWallNanoseconds = filledAtWallNanoseconds
        self.volumeNanolitres = volumeNanolitres
        self.drugName = drugName
        self.concentrationMicrogramsPerMillilitre = concentrationMicrogramsPerMillilitre
        self.withdrawnNanolitres = withdrawnNanolitres
        self.expectedRemainingNanolitres = expectedRemainingNanolitres
        self.discrepancyNanolitres = discrepancyNanolitres
        self.actor = actor
    }
}
