/// One drug of the library: the concentrations it is supplied in and its dose limits.
public struct DrugLibraryEntry: Hashable, Sendable {
    /// The drug's name as programs spell it (matched in any case, `-` and `_` ignored, as `NameSpelling` does).
    public var name: String
    /// The concentrations allowed; a program or refill at any other is refused.
    public var concentrations: [Concentration]
    /// Basal plus every allowed bolus in any 24 hours (the envelope's worst day).
    public var dailyDose: LibraryLimit<DrugMass>
    /// Most drug in any 60 minutes (the envelope's worst hour).
    public var hourlyDose: LibraryLimit<DrugMass>
    /// Largest single bolus of any kind.
    public var bolusDose: LibraryLimit<DrugMass>
    /// Highest basal dose rate of any schedule step.
    public var rate: LibraryLimit<MassRate>
    /// Where the numbers come from (labelling, a guideline), for people reading the review.
    public var source: String

    public init(
        name: String, concentrations: [Concentration], dailyDose: LibraryLimit<DrugMass>,
        hourlyDose: LibraryLimit<DrugMass>, bolusDose: LibraryLimit<DrugMass>, rate: LibraryLimit<MassRate>, source: String
    ) {
        self.name = name
        self.concentrations = concentrations
        self.dailyDose = dailyDose
        self.hourlyDose = hourlyDose
        self.bolusDose = bolusDose
        self.rate = rate
        self.source = source
    }
}
