/// A prescription as label and value lines, quantities in readable units.
public struct PrescriptionReport: Sendable {
    public var prescription: WirePrescription

    /// A report of `prescription`.
    public init(_ prescription: WirePrescription) { self.prescription = prescription }

    /// Label and value rows: drug, basal (a flex schedule day by day), boluses, limits, alarm volume.
    public var rows: [[String]] {
        let p = prescription
        var rows: [[String]] = [["drug", p.drug.text]]
        switch p.basal.kind {
        case "continuous":
            rows.append(["basal", "continuous \(p.basal.rate.map { QuantityFormatter.doseRate(nanogramsPerDay: $0) } ?? "(no rate)")"])
        case "flex":
            if let flex = p.basal.flex {
                rows.append(["basal", "flex, every day: \(flex.everyDay.text)"])
                for (day, schedule) in flex.orderedDays(flex.byWeekday ?? [:]) { rows.append(["", "\(day): \(schedule.text)"]) }
            } else {
                rows.append(["basal", "flex (no schedule)"])
            }
        default:
            rows.append(["basal", p.basal.kind])
        }
        rows.append(["periodic bolus", p.periodicBolus?.text ?? "none"])
        rows.append(["patient bolus", p.patientBolus?.text ?? "none"])
        rows.append(["maximum daily dose", QuantityFormatter.mass(nanograms: p.limits.maximumDailyDose)])
        rows.append(["maximum hourly dose", QuantityFormatter.mass(nanograms: p.limits.maximumHourlyDose)])
        rows.append(["maximum bolus", QuantityFormatter.mass(nanograms: p.limits.maximumBolus)])
        rows.append(["low-reservoir alarm", "at \(QuantityFormatter.volume(nanolitres: p.lowReservoirAlarm)) remaining"])
        return rows
    }

    /// The rows indented by two spaces.
    public var lines: [String] { TextTable(rows: rows).lines.map { "  " + $0 } }
}
