extension ChangeReview {
    /// The value shown where a side has no such setting (no program yet, no periodic bolus).
    static let absent = "—"

    typealias Reviewed = (side: Side, summary: ProgramSummary?)

    /// One row per setting, in the order a clinician reads a program: drug and reservoir, limits,
    /// basal (every step of every schedule either side has), boluses, doses, dates.
    static func rows(old: Reviewed, new: Reviewed, at now: CivilTime) -> [Row] {
        var rows: [Row] = []
        func add(_ label: String, _ value: (Reviewed) -> String?) {
            rows.append(Row(label: label, old: value(old) ?? absent, new: value(new) ?? absent))
        }
        func program(_ value: @escaping (Prescription) -> String?) -> (Reviewed) -> String? { { $0.side.prescription.flatMap(value) } }
        func summary(_ value: @escaping (ProgramSummary) -> String?) -> (Reviewed) -> String? { { $0.summary.flatMap(value) } }

        add("drug") { ($0.side.prescription?.drug ?? $0.side.drug)?.name }
        add("concentration") { ($0.side.prescription?.drug ?? $0.side.drug).map { Q.concentration(microgramsPerMillilitre: $0.concentration.microgramsPerMillilitre) } }
        add("reservoir volume") { $0.side.drug == nil ? nil : Q.volume(nanolitres: $0.side.remaining.nanolitres) }
        add("low-reservoir alarm volume", program { Q.volume(nanolitres: $0.lowReservoirAlarm.nanolitres) })
        add("maximum daily dose", program { Q.mass(nanograms: $0.limits.maximumDailyDose.nanograms) })
        add("maximum hourly dose", program { Q.mass(nanograms: $0.limits.maximumHourlyDose.nanograms) })
        add("maximum bolus", program { Q.mass(nanograms: $0.limits.maximumBolus.nanograms) })
        add("basal mode", summary { $0.mode })
        addScheduleSteps(old: old.side.prescription, new: new.side.prescription, into: &rows)
        add("basal daily dose", summary { range($0.basalDailyDose) })
        add("periodic bolus dose", program { p in p.periodicBolus.map { Q.mass(nanograms: $0.dose.nanograms) } ?? "none" })
        add("periodic bolus duration", program { p in p.periodicBolus.map { Q.duration($0.duration) } ?? "none" })
        add("periodic bolus interval", program { p in p.periodicBolus.map { Q.duration($0.interval) } ?? "none" })
        add("periodic bolus first start delay", program { p in p.periodicBolus.map { Q.duration($0.firstStartDelay) } ?? "none" })
        add("patient bolus dose", program { p in p.patientBolus.map { Q.mass(nanograms: $0.dose.nanograms) } ?? "none" })
        add("patient bolus duration", program { p in p.patientBolus.map { Q.duration($0.duration) } ?? "none" })
        add("patient bolus lockout", program { p in p.patientBolus.map { Q.duration($0.lockout) } ?? "none" })
        add("patient boluses per 24 h", program { p in p.patientBolus.map { "\($0.maximumPerDay)" } ?? "none" })
        add("worst-case daily dose", summary { Q.mass(nanograms: $0.worstDayDose.nanograms) })
        add("worst-case hourly dose", summary { Q.mass(nanograms: $0.worstHourDose.nanograms) })
        add("worst-case daily volume", summary { Q.volume(nanolitres: $0.worstDayVolume.nanolitres) })
        add("low-reservoir alarm expected", summary { date($0.expectedForecast.lowReservoirAt, from: now) })
        add("reservoir empty expected", summary { date($0.expectedForecast.emptyAt, from: now) })
        add("low-reservoir alarm at worst", summary { date($0.forecast.lowReservoirAt, from: now) })
        add("reservoir empty at worst", summary { date($0.forecast.emptyAt, from: now) })
        return rows
    }

    private typealias Q = QuantityFormatter

    /// A row per step index of every schedule either side sends (`basal every day step 2`,
    /// `basal monday step 1`, `basal rate`), so a changed, added or removed step shows.
    private static func addScheduleSteps(old: Prescription?, new: Prescription?, into rows: inout [Row]) {
        let oldSchedules = old?.basal.labelledSchedules ?? [], newSchedules = new?.basal.labelledSchedules ?? []
        var labels: [String] = []
        for labelled in newSchedules + oldSchedules where !labels.contains(labelled.label) { labels.append(labelled.label) }
        labels.sort { order($0) < order($1) }
        func step(_ schedules: [LabelledSchedule], _ label: String, _ index: Int) -> String {
            guard let schedule = schedules.first(where: { $0.label == label })?.schedule, index < schedule.steps.count else { return absent }
            let step = schedule.steps[index]
            let rate = Q.doseRate(nanogramsPerDay: step.rate.nanogramsPerDay)
            return label == "continuous" ? rate : "from \(step.start) \(rate)"
        }
        for label in labels {
            let count = max(
                oldSchedules.first { $0.label == label }?.schedule.steps.count ?? 0,
                newSchedules.first { $0.label == label }?.schedule.steps.count ?? 0)
            for index in 0..<count {
                let name = label == "continuous" ? "basal rate" : "basal \(label) step \(index + 1)"
                rows.append(Row(label: name, old: step(oldSchedules, label, index), new: step(newSchedules, label, index)))
            }
        }
    }

    /// Schedules in request order: continuous, every day, Monday … Sunday.
    private static func order(_ label: String) -> Int {
        if label == "continuous" { return 0 }
        if label == "every day" { return 1 }
        return 1 + (Weekday.allCases.first { $0.codingName == label }?.rawValue ?? 8)
    }

    private static func range(_ doses: ClosedRange<DrugMass>) -> String {
        doses.lowerBound == doses.upperBound
            ? Q.mass(nanograms: doses.lowerBound.nanograms)
            : "\(Q.mass(nanograms: doses.lowerBound.nanograms)) – \(Q.mass(nanograms: doses.upperBound.nanograms))"
    }

    /// `2027-01-30T08:00:00+01:00 (in 57 d)`, or `not within 2 years`.
    static func date(_ at: CivilTime?, from now: CivilTime) -> String {
        guard let at else { return "not within \(ReservoirForecast.horizon.readable)" }
        return "\(at) (in \((at - now).readable))"
    }
}
