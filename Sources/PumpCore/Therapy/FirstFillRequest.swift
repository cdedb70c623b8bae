/// The commissioning fill of a new pump: `volume` of `drug` in a reservoir never filled before,
/// with the fluid path either arriving primed with this drug (`primed`, e.g. from the factory) or
/// still drug-free (it must be primed before therapy can start).
public struct FirstFillRequest: Hashable, Sendable {
    public var volume: Volume
    public var drug: Drug
    public var primed: Bool

    public init(volume: Volume, drug: Drug, primed: Bool) {
        self.volume = volume
        self.drug = drug
        self.primed = primed
    }
}
