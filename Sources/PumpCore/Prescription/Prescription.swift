/// Everything a clinician programs: the drug, how the basal dose is given, optional periodic and
/// patient boluses, the soft dose limits and the low-reservoir alarm volume.
///
/// A prescription is a plain value; `PrescriptionValidator` decides whether it may be committed.
public struct Prescription: Hashable, Sendable, Codable {
    public var drug: Drug
    public var basal: BasalProgram
    public var periodicBolus: PeriodicBolus?
    public var patientBolus: PatientBolusPolicy?
    public var limits: DoseLimits
    /// The low-reservoir alarm sounds when the accounted remaining volume falls to this.
    public var lowReservoirAlarm: Volume

    public init(
        drug: Drug,
        basal: BasalProgram,
        periodicBolus: PeriodicBolus? = nil,
        patientBolus: PatientBolusPolicy? = nil,
        limits: DoseLimits,
        lowReservoirAlarm: Volume
    ) {
        self.drug = drug
        self.basal = basal
        self.periodicBolus = periodicBolus
        self.patientBolus = patientBolus
        self.limits = limits
        self.lowReservoirAlarm = lowReservoirAlarm
    }
}
