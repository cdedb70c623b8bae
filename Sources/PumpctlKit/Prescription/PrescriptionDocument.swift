public import PumpCore
import PumpProfile

/// A prescription file: TOML with every quantity a string in the one unit grammar
/// (`QuantityParser`: `"500 µg"`, `"2000 µg/mL"`, `"6 h"`), schedules as `START=RATE` steps, and
/// comments. `pumpctl prescription --export` writes it and `pumpctl program --file` reads it back
/// to the same prescription exactly: the formatter never rounds and the parser never guesses.
///
/// ```toml
/// low_reservoir_alarm = "2 mL"
///
/// [drug]
/// name = "baclofen"
/// concentration = "2000 µg/mL"
///
/// [basal]
/// kind = "flex"                 # none, continuous (with rate = "500 µg/day") or flex
/// every_day = ["00:00=400 µg/day", "08:00=600 µg/day"]
///
/// [basal.weekdays]
/// saturday = ["00:00=300 µg/day", "12:00=500 µg/day"]
///
/// [limits]
/// maximum_daily_dose = "700 µg"
/// maximum_hourly_dose = "60 µg"
/// maximum_bolus = "50 µg"
///
/// [periodic_bolus]              # optional
/// dose = "50 µg"
/// duration = "10 min"
/// interval = "6 h"
/// first_start_delay = "0 s"
///
/// [patient_bolus]               # optional
/// dose = "25 µg"
/// duration = "5 min"
/// lockout = "2 h"
/// maximum_per_day = 4
/// ```
public enum PrescriptionDocument {
    static let rootKeys = ["low_reservoir_alarm", "drug", "basal", "limits", "periodic_bolus", "patient_bolus"]
    static let basalKinds = ["none", "continuous", "flex"]

    // MARK: Writing

    /// The file for `prescription`, with a header comment naming where it came from (`source`).
    public static func text(_ p: Prescription, source: String? = nil) -> String {
        var lines = [
            "# pumpd prescription: every quantity with its unit, in pumpctl's unit grammar.",
            "# Commit it with: pumpctl program --file FILE (reviewed by pumpd before anything changes).",
        ]
        if let source { lines.append("# \(source)") }
        lines += ["", "low_reservoir_alarm = \(quoted(QuantityFormatter.volume(nanolitres: p.lowReservoirAlarm.nanolitres)))", ""]
        lines += [
            "[drug]", "name = \(quoted(p.drug.name))",
            "concentration = \(quoted(QuantityFormatter.concentration(microgramsPerMillilitre: p.drug.concentration.microgramsPerMillilitre)))", "",
        ]
        switch p.basal {
        case .none:
            lines += ["[basal]", "kind = \"none\"", ""]
        case .continuous(let rate):
            lines += ["[basal]", "kind = \"continuous\"", "rate = \(quoted(QuantityFormatter.doseRate(nanogramsPerDay: rate.nanogramsPerDay)))", ""]
        case .flex(let flex):
            lines += ["[basal]", "kind = \"flex\""] + schedule("every_day", flex.everyDay) + [""]
            if !flex.byWeekday.isEmpty {
                lines.append("[basal.weekdays]")
                for day in Weekday.allCases { if let s = flex.byWeekday[day] { lines += schedule(day.codingName, s) } }
                lines.append("")
            }
        }
        lines += [
            "[limits]",
            "maximum_daily_dose = \(mass(p.limits.maximumDailyDose))",
            "maximum_hourly_dose = \(mass(p.limits.maximumHourlyDose))",
            "maximum_bolus = \(mass(p.limits.maximumBolus))", "",
        ]
        if let periodic = p.periodicBolus {
            lines += [
                "[periodic_bolus]", "dose = \(mass(periodic.dose))", "duration = \(span(periodic.duration))",
                "interval = \(span(periodic.interval))", "first_start_delay = \(span(periodic.firstStartDelay))", "",
            ]
        }
        if let patient = p.patientBolus {
            lines += [
                "[patient_bolus]", "dose = \(mass(patient.dose))", "duration = \(span(patient.duration))",
                "lockout = \(span(patient.lockout))", "maximum_per_day = \(patient.maximumPerDay)", "",
            ]
        }
        return lines.joined(separator: "\n")
    }

    private static func schedule(_ key: String, _ schedule: DailySchedule) -> [String] {
        let steps = ScheduleText.text(schedule).split(separator: ", ").map { "  " + quoted(String($0)) + "," }
        return ["\(key) = ["] + steps + ["]"]
    }

    private static func mass(_ mass: DrugMass) -> String { quoted(QuantityFormatter.mass(nanograms: mass.nanograms)) }

    /// Whole seconds in full (`1 h 20 min 30 s`), which the duration grammar reads back.
    private static func span(_ span: TimeSpan) -> String { quoted(QuantityFormatter.duration(seconds: span.nanoseconds / 1_000_000_000)) }

    /// A TOML basic string.
    static func quoted(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\r": out += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    // MARK: Reading

    /// The prescription `text` writes; the error names the line, column and key.
    public static func parse(_ text: String) throws(PrescriptionDocumentError) -> Prescription {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch {
            throw PrescriptionDocumentError(line: error.location.line, column: error.location.column, key: "", message: error.message)
        }
        let root = PrescriptionTableReader(table: document.root, path: "")
        try root.onlyKeys(rootKeys)
        guard let drugTable = try root.subtable("drug") else { throw root.error("drug", at: .start, "is missing: add a [drug] table with name and concentration") }
        try drugTable.onlyKeys(["name", "concentration"])
        let drug = Drug(
            name: try drugTable.requiredString("name"),
            concentration: Concentration(microgramsPerMillilitre: try drugTable.requiredQuantity("concentration", QuantityParser.concentration)))
        guard let basalTable = try root.subtable("basal") else {
            throw root.error("basal", at: .start, "is missing: add a [basal] table with kind = \"none\", \"continuous\" or \"flex\"")
        }
        let basal = try readBasal(basalTable)
        guard let limitsTable = try root.subtable("limits") else { throw root.error("limits", at: .start, "is missing: add a [limits] table") }
        try limitsTable.onlyKeys(["maximum_daily_dose", "maximum_hourly_dose", "maximum_bolus"])
        let limits = DoseLimits(
            maximumDailyDose: DrugMass(nanograms: try limitsTable.requiredQuantity("maximum_daily_dose", QuantityParser.dailyMass)),
            maximumHourlyDose: DrugMass(nanograms: try limitsTable.requiredQuantity("maximum_hourly_dose", QuantityParser.hourlyMass)),
            maximumBolus: DrugMass(nanograms: try limitsTable.requiredQuantity("maximum_bolus", QuantityParser.mass)))
        var periodic: PeriodicBolus?
        if let table = try root.subtable("periodic_bolus") {
            try table.onlyKeys(["dose", "duration", "interval", "first_start_delay"])
            periodic = PeriodicBolus(
                dose: DrugMass(nanograms: try table.requiredQuantity("dose", QuantityParser.mass)),
                duration: .seconds(try table.requiredQuantity("duration", PrescriptionOptions.span)),
                interval: .seconds(try table.requiredQuantity("interval", PrescriptionOptions.span)),
                firstStartDelay: .seconds(try table.quantity("first_start_delay", PrescriptionOptions.span) ?? 0))
        }
        var patient: PatientBolusPolicy?
        if let table = try root.subtable("patient_bolus") {
            try table.onlyKeys(["dose", "duration", "lockout", "maximum_per_day"])
            let maximum = try table.requiredInteger("maximum_per_day")
            guard let count = Int(exactly: maximum), (0...Int(Int32.max)).contains(count) else {
                throw table.error("maximum_per_day", at: table.table["maximum_per_day"]?.location ?? .start, "expected a count from 0, found \(maximum)")
            }
            patient = PatientBolusPolicy(
                dose: DrugMass(nanograms: try table.requiredQuantity("dose", QuantityParser.mass)),
                duration: .seconds(try table.requiredQuantity("duration", PrescriptionOptions.span)),
                lockout: .seconds(try table.requiredQuantity("lockout", PrescriptionOptions.span)),
                maximumPerDay: count)
        }
        let lowReservoir = try root.quantity("low_reservoir_alarm", QuantityParser.volume)
        guard let lowReservoir else { throw root.error("low_reservoir_alarm", at: .start, "is missing: add low_reservoir_alarm = \"2 mL\" before the first table") }
        return Prescription(
            drug: drug, basal: basal, periodicBolus: periodic, patientBolus: patient, limits: limits,
            lowReservoirAlarm: Volume(nanolitres: lowReservoir))
    }

    private static func readBasal(_ table: PrescriptionTableReader) throws(PrescriptionDocumentError) -> BasalProgram {
        let kind = try table.requiredString("kind")
        let kindLocation = table.table["kind"]?.location ?? table.table.location
        switch kind {
        case "none":
            try table.onlyKeys(["kind"])
            return .none
        case "continuous":
            try table.onlyKeys(["kind", "rate"])
            return .continuous(MassRate(nanogramsPerDay: try table.requiredQuantity("rate", QuantityParser.doseRate)))
        case "flex":
            try table.onlyKeys(["kind", "every_day", "weekdays"])
            guard let everyDay = try table.schedule("every_day") else { throw table.error("every_day", at: table.table.location, "is missing: a flex basal needs its daily schedule") }
            var byWeekday: [Weekday: DailySchedule] = [:]
            if let weekdays = try table.subtable("weekdays") {
                try weekdays.onlyKeys(ScheduleText.weekdayNames)
                for day in Weekday.allCases { if let schedule = try weekdays.schedule(day.codingName) { byWeekday[day] = schedule } }
            }
            return .flex(FlexSchedule(everyDay: everyDay, byWeekday: byWeekday))
        default:
            let hint = ClosestMatch.didYouMean(kind, among: basalKinds).map { "; \($0)" } ?? ""
            throw table.error("kind", at: kindLocation, "\"\(kind)\" is not a basal kind\(hint) (the kinds are none, continuous, flex)")
        }
    }
}
