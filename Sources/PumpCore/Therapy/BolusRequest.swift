/// An on-demand bolus someone asks for.
public enum BolusRequest: Hashable, Sendable {
    /// A clinician's single bolus: `dose` over `duration`, then back to the program.
    case single(dose: DrugMass, duration: TimeSpan)
    /// A patient- or operator-activated bolus, as the prescription's patient bolus policy defines.
    case patient
}
