/// The prescription's soft limits, set by the clinician. Every program and every bolus is checked
/// against them before anything moves.
public struct DoseLimits: Hashable, Sendable, Codable {
    /// Most drug in any 24 hours: basal, periodic boluses and every allowed patient bolus together.
    public var maximumDailyDose: DrugMass
    /// Most drug in any 60 minutes, counting boluses at their worst-case timing.
    public var maximumHourlyDose: DrugMass
    /// Largest single bolus of any kind (single, periodic, patient).
    public var maximumBolus: DrugMass

    public init(maximumDailyDose: DrugMass, maximumHourlyDose: DrugMass, maximumBolus: DrugMass) {
        self.maximumDailyDose = maximumDailyDose
        self.maximumHourlyDose = maximumHourlyDose
        self.maximumBolus = maximumBolus
    }
}
