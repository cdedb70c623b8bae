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

    /// Label and value rows, in display order.
    public var rows: [(label: String, value: String)] {
        let basal = basalDailyDose.lowerBound == basalDailyDose.upperBound
            ? "\(basalDailyDose.lowerBound)" : "\(basalDailyDose.lowerBound) – \(basalDailyDose.upperBound)"
        return [
            ("drug", "\(drug.name) \(drug.concentration)"),
            ("mode", mode),
            ("basal daily dose", basal),
            ("worst-case daily dose", "\(worstDayDose)"),
            ("worst-case hourly dose", "\(worstHourDose)"),
            ("worst-case daily volume", "\(worstDayVolume)"),
            ("low-reservoir alarm expected", expectedForecast.lowReservoirAt.map { "\($0)" } ?? "not within 2 years"),
            ("reservoir empty expected", expectedForecast.emptyAt.map { "\($0)" } ?? "not within 2 years"),
            ("low-reservoir alarm by", forecast.lowReservoirAt.map { "\($0)" } ?? "not within 2 years"),
            ("reservoir empty by", forecast.emptyAt.map { "\($0)" } ?? "not within 2 years"),
        ]
    }

    /// A side-by-side old-vs-new table; rows that change are marked with `*`.
    public static func comparison(old: ProgramSummary?, new: ProgramSummary) -> String {
        let newRows = new.rows
        let oldRows = old?.rows ?? newRows.map { ($0.label, "—") }
        let labelWidth = newRows.map(\.label.count).max() ?? 0
        let oldWidth = max(oldRows.map(\.value.count).max() ?? 0, 3)
        func pad(_ s: String, _ width: Int) -> String { s + String(repeating: " ", count: max(width - s.count, 0)) }
        var lines = ["  " + pad("", labelWidth) + "  " + pad("old", oldWidth) + "  new"]
        for (o, n) in zip(oldRows, newRows) {
            let mark = o.value == n.value ? " " : "*"
            lines.append("\(mark) " + pad(n.label, labelWidth) + "  " + pad(o.value, oldWidth) + "  " + n.value)
        }
        return lines.joined(separator: "\n")
    }
}
