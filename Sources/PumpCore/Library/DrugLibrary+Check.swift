extension DrugLibrary {
    /// What the library says about `prescription`: violations (a drug or concentration not
    /// allowed, a hard limit crossed) refuse it; warnings (a soft limit crossed, an "other" drug)
    /// need accepting. Exactly at a limit is within it (limits are inclusive maxima).
    ///
    /// Field paths are relative to the prescription as sent, naming the field that carries the
    /// amount: `drug.name`, `drug.concentration`; `basal` for the worst day and worst hour (basal
    /// and every allowed bolus together, from `DoseEnvelope`); `periodicBolus.dose` and
    /// `patientBolus.dose`; the highest basal step's rate (`basal.rate`,
    /// `basal.flex.everyDay.steps[2].rate`, `basal.flex.byWeekday.monday.steps[0].rate`).
    ///
    /// A blank drug name or a concentration that is not positive is left to the prescription's
    /// own validation (one mistake, one violation). Worst-day and worst-hour limits are checked
    /// only when the program's numbers are within the validator's plausibility bounds, so a
    /// malformed program can never overflow the envelope arithmetic; the bolus and rate limits
    /// compare single values and are always checked.
    public func check(_ prescription: Prescription) -> (violations: [LimitViolation], warnings: [ProgrammingWarning]) {
        var found = check(drug: prescription.drug)
        guard found.violations.isEmpty, let entry = entry(named: prescription.drug.name) else { return found }
        var limits = LimitCheck(library: name, drug: entry.name)
        if DoseEnvelope.isComputable(for: prescription) {
            let envelope = DoseEnvelope(prescription)
            limits.compare(
                envelope.worstDayDose, with: entry.dailyDose, field: "basal", soft: .softLimitDailyDose,
                what: "in the worst 24 h (basal \(envelope.worstBasalDay) + periodic \(envelope.periodicDailyDose) + patient \(envelope.patientDailyDose))",
                per: "/day")
            limits.compare(envelope.worstHourDose, with: entry.hourlyDose, field: "basal", soft: .softLimitHourlyDose, what: "in the worst hour", per: "/h")
        }
        if let periodic = prescription.periodicBolus {
            limits.compare(periodic.dose, with: entry.bolusDose, field: "periodicBolus.dose", soft: .softLimitBolusDose, what: "per periodic bolus")
        }
        if let patient = prescription.patientBolus {
            limits.compare(patient.dose, with: entry.bolusDose, field: "patientBolus.dose", soft: .softLimitBolusDose, what: "per patient bolus")
        }
        if let peak = prescription.basal.highestStep {
            limits.compare(peak.rate, with: entry.rate, field: peak.field, soft: .softLimitRate, what: "basal rate (the highest step)")
        }
        found.violations += limits.violations
        found.warnings += limits.warnings
        return found
    }

    /// What the library says about a drug alone (a refill, a first fill): its name must be in the
    /// library (or the library allows "other" drugs: a `drug-not-in-library` warning) and its
    /// concentration among the entry's. Paths `drug.name` and `drug.concentration`.
    public func check(drug: Drug) -> (violations: [LimitViolation], warnings: [ProgrammingWarning]) {
        guard !drug.name.allSatisfy(\.isWhitespace) else { return ([], []) }
        guard let entry = entry(named: drug.name) else {
            let known = entries.map(\.name).joined(separator: ", ")
            let close = ClosestMatch.didYouMean(drug.name, among: entries.map(\.name))
            // A name a few letters from a library drug is a misspelling of it, not another drug:
            // taken as "other", it would escape that drug's hard limits with one warning.
            if allowsOtherDrugs, close == nil {
                return ([], [ProgrammingWarning(
                    .drugNotInLibrary, field: "drug.name",
                    message: "\"\(drug.name)\" is not in the drug library \"\(name)\" (\(known)): no library limits apply to it")])
            }
            var limit = "a drug of the library \"\(name)\": \(known)"
            if let close {
                limit += " (\(close))"
                if allowsOtherDrugs { limit += "; a name this close to a library drug is not taken as another drug" }
            }
            return ([LimitViolation(.drugNotInLibrary, field: "drug.name", actual: "\"\(drug.name)\"", limit: limit)], [])
        }
        guard drug.concentration > .none, !entry.concentrations.contains(drug.concentration) else { return ([], []) }
        let nearest = entry.concentrations.min {
            ($0.microgramsPerMillilitre - drug.concentration.microgramsPerMillilitre).magnitude
                < ($1.microgramsPerMillilitre - drug.concentration.microgramsPerMillilitre).magnitude
        }
        let allowed = entry.concentrations.map(\.description).joined(separator: ", ")
        return ([LimitViolation(
            .concentrationNotInLibrary, field: "drug.concentration", actual: "\(drug.concentration)",
            limit: "one of \(allowed) (\(entry.name) in the drug library \"\(name)\")",
            amount: nearest.map { .init(actual: drug.concentration, limit: $0) })], [])
    }

    /// The entry `name` means: in any case, with or without `-` and `_`, spaces at either end ignored.
    public func entry(named name: String) -> DrugLibraryEntry? {
        let key = NameSpelling.folded(name.trimmingSpaces)
        return entries.first { NameSpelling.folded($0.name) == key }
    }
}

/// Compares amounts with one entry's limits, collecting violations (hard) and warnings (soft).
private struct LimitCheck {
    let library: String
    let drug: String
    var violations: [LimitViolation] = []
    var warnings: [ProgrammingWarning] = []

    /// Above `limit.hard` refuses; above `limit.soft` (and not above hard) warns with `soft`.
    /// `per` is the period a mass limit is written over (`/day`), for the limit's text.
    mutating func compare<Q: ViolationQuantity & Comparable & Hashable & Sendable & CustomStringConvertible>(
        _ value: Q, with limit: LibraryLimit<Q>, field: String, soft: ProgrammingWarning.Code, what: String, per: String = ""
    ) {
        if let hard = limit.hard, value > hard {
            violations.append(LimitViolation(
                .aboveLibraryHardLimit, field: field, actual: "\(value) \(what)",
                limit: "≤ \(hard)\(per) (hard limit for \(drug) in the drug library \"\(library)\")", amount: .init(actual: value, limit: hard)))
        } else if let bound = limit.soft, value > bound {
            warnings.append(ProgrammingWarning(
                soft, field: field,
                message: "\(value) \(what) is above the soft limit \(bound)\(per) for \(drug) in the drug library \"\(library)\": "
                    + "committing needs an override with a reason",
                amount: .init(actual: value, limit: bound)))
        }
    }
}

extension BasalProgram {
    /// The basal step with the highest rate (the first of equals) and its path as sent; nil
    /// without a basal.
    var highestStep: (rate: MassRate, field: String)? {
        switch self {
        case .none: return nil
        case .continuous(let rate): return (rate, "basal.rate")
        case .flex(let flex):
            var schedules = [("basal.flex.everyDay", flex.everyDay)]
            for day in Weekday.allCases { if let s = flex.byWeekday[day] { schedules.append(("basal.flex.byWeekday.\(day.codingName)", s)) } }
            var best: (rate: MassRate, field: String)?
            for (path, schedule) in schedules {
                for (i, step) in schedule.steps.enumerated() where best == nil || step.rate > best!.rate {
                    best = (step.rate, "\(path).steps[\(i)].rate")
                }
            }
            return best
        }
    }
}

extension DoseEnvelope {
    /// Whether the envelope of `prescription` stays within 64-bit arithmetic: every number within
    /// `PrescriptionValidator`'s plausibility bounds and the shapes the envelope assumes.
    static func isComputable(for prescription: Prescription) -> Bool {
        let v = PrescriptionValidator.self
        let mass = DrugMass.zero...v.maximumMass
        let span = TimeSpan.seconds(1)...v.maximumBolusDuration
        for day in Weekday.allCases {
            let schedule = prescription.basal.schedule(for: day)
            let steps = schedule.steps
            guard steps.first?.start == .midnight, steps.count <= DailySchedule.maximumSteps,
                  zip(steps, steps.dropFirst()).allSatisfy({ $0.start < $1.start }),
                  steps.allSatisfy({ (MassRate.zero...v.maximumRate).contains($0.rate) }) else { return false }
        }
        if let p = prescription.periodicBolus {
            guard mass.contains(p.dose), span.contains(p.duration), p.interval >= PeriodicBolus.minimumInterval else { return false }
        }
        if let b = prescription.patientBolus {
            guard mass.contains(b.dose), span.contains(b.duration), b.lockout >= .seconds(1),
                  (0...v.maximumPatientBolusesPerDay).contains(b.maximumPerDay) else { return false }
        }
        return true
    }
}
