public import PumpCore

/// A prescription as label and value lines, quantities in readable units.
public struct PrescriptionReport: Sendable {
    public var prescription: Prescription

    /// A report of `prescription`.
    public init(_ prescription: Prescription) { self.prescription = prescription }

    /// Label and value rows: drug, basal (a flex schedule day by day), boluses, limits, alarm volume.
    public var rows: [[String]] {
        let p = prescription
        var rows: [[String]] = [["drug", p.drug.text]]
        switch p.basal {
        case .none:
            rows.append(["basal", "none"])
        case .continuous(let rate):
            rows.append(["basal", "continuous \(QuantityFormatter.doseRate(nanogramsPerDay: rate.nanogramsPerDay))"])
        case .flex(let flex):
            rows.append(["basal", "flex, every day: \(flex.everyDay.text)"])
            for day in Weekday.allCases { if let schedule = flex.byWeekday[day] { rows.append(["", "\(day.codingName): \(schedule.text)"]) } }
        }
        rows.append(["periodic bolus", p.periodicBolus?.text ?? "none"])
        rows.append(["patient bolus", p.patientBolus?.text ?? "none"])
        rows.append(["maximum daily dose", QuantityFormatter.mass(nanograms: p.limits.maximumDailyDose.nanograms)])
        rows.append(["maximum hourly dose", QuantityFormatter.mass(nanograms: p.limits.maximumHourlyDose.nanograms)])
        rows.append(["maximum bolus", QuantityFormatter.mass(nanograms: p.limits.maximumBolus.nanograms)])
        rows.append(["low-reservoir alarm", "at \(QuantityFormatter.volume(nanolitres: p.lowReservoirAlarm.nanolitres)) remaining"])
        return rows
    }

    /// The rows indented by two spaces.
    public var lines: [String] { TextTable(rows: rows).lines.map { "  " + $0 } }
}
