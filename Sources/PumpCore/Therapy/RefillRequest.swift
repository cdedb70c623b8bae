/// A refill as a clinician asks for it: `volume` of `drug` filled after `withdrawn` was drawn out
/// of the old fill, and, for a drug or a dose change, the program to run with it.
///
/// Without `prescription`, a new concentration of the same drug keeps the active program's doses
/// (µg/day) as a new committed program at the new concentration; a different drug is refused (a
/// drug swap is never silent).
public struct RefillRequest: Hashable, Sendable {
    public var volume: Volume
    public var drug: Drug
    public var withdrawn: Volume
    public var prescription: Prescription?

    public init(volume: Volume, drug: Drug, withdrawn: Volume, prescription: Prescription? = nil) {
        self.volume = volume
        self.drug = drug
        self.withdrawn = withdrawn
        self.prescription = prescription
    }
}
