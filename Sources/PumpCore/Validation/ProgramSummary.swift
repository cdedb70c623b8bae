/// What a prescription means in numbers a clinician checks before confirming: daily and hourly
/// doses, volumes, and when the reservoir will run low and empty under it.
public struct ProgramSummary: Hashable, Sendable {
    public let drug: Drug
    public let mode: String
    /// Lowest and highest basal daily dose over the week (equal unless weekdays differ).
    public let basalDailyDose: ClosedRange<DrugMass>
    /// Most drug any one day can receive, every allowed bolus included.
    public let worstDayDose: DrugMass
    /// Most drug in any 60 minutes, every allowed bolus at its worst timing.
    public let worstHourDose: DrugMass
    /// Volume the worst day pushes from the reservoir.
    public let worstDayVolume: Volume
    /// Low and empty dates at worst: every allowed patient bolus taken.
    public let forecast: ReservoirForecast
    /// Low and empty dates as expected: basal and periodic boluses, no patient bolus.
    public let expectedForecast: ReservoirForecast

    public init(_ prescription: Prescription, remaining: Volume, emptyThreshold: Volume, at now: CivilTime) {
        let envelope = DoseEnvelope(prescription)
        drug = prescription.drug
        let basalDoses = envelope.basalDailyDose.values
        basalDailyDose = (basalDoses.min() ?? .zero)...(basalDoses.max() ?? .zero)
        worstDayDose = envelope.worstDayDose
        worstHourDose = envelope.worstHourDose
        worstDayVolume = prescription.drug.concentration > .none
            ? prescription.drug.concentration.volume(containing: envelope.worstDayDose) : .zero
        forecast = ReservoirForecast.predict(
            remaining: remaining, prescription: prescription, concentration: prescription.drug.concentration,
            emptyThreshold: emptyThreshold, from: now)
        expectedForecast = prescription.patientBolus == nil ? forecast : ReservoirForecast.predict(
            remaining: remaining, prescription: prescription, concentration: prescription.drug.concentration,
            emptyThreshold: emptyThreshold, from: now, patientBoluses: false)
        switch prescription.basal {
        case .none: mode = prescription.periodicBolus == nil ? "no delivery" : "periodic bolus only"
        case .continuous: mode = prescription.periodicBolus == nil ? "simple continuous" : "simple continuous + periodic bolus"
        case .flex(let flex):
            let days = flex.byWeekday.isEmpty ? "every day" : "\(flex.byWeekday.count) weekday schedule(s)"
            mode = "flex (\(days))" + (prescription.periodicBolus == nil ? "" : " + periodic bolus")
        }
    }
}
