extension ChangeReview {
    /// A change of this factor or more (up, or down to its inverse) is an order-of-magnitude-class
    /// change: the shape of a unit slip (mg for µg) or of a misplaced digit.
    public static let changeFactor: Int64 = 2

    /// The warnings of going from `old` to `new` (library warnings excepted): in this order,
    /// daily dose against the active program, raised maxima, steps that deliver nothing, then the
    /// reservoir dates within `horizon` of `now`.
    static func warnings(
        old: Prescription?, new: Prescription?, newSummary: ProgramSummary?, horizon: TimeSpan, at now: CivilTime
    ) -> [ProgrammingWarning] {
        guard let new else { return [] }
        var found: [ProgrammingWarning] = []
        if let old {
            found += dailyDoseChange(old: old, new: new)
            found += raisedLimits(old: old.limits, new: new.limits)
        }
        found += stepsDeliveringNothing(new.basal)
        if let newSummary { found += reservoirSoon(newSummary.forecast, lowReservoirAlarm: new.lowReservoirAlarm, horizon: horizon, at: now) }
        return found
    }

    /// The daily dose of each weekday (basal, and periodic boluses if any) against the active
    /// program's on the same weekday (the patient gets that day's dose): `daily-dose-increase` for the day with the largest rise when
    /// it is ≥ 2× (any dose where there was none), `daily-dose-decrease` for the day with the
    /// deepest fall when it is ≤ ½ (none where there was some). Both can fire (a week reshaped).
    static func dailyDoseChange(old: Prescription, new: Prescription) -> [ProgrammingWarning] {
        // Periodic boluses count with the basal: an interval typed in minutes for hours changes
        // the day's dose as much as a basal slip does.
        func periodic(_ program: Prescription) -> DrugMass { program.periodicBolus == nil ? .zero : DoseEnvelope(program).periodicDailyDose }
        let periodicBefore = periodic(old), periodicAfter = periodic(new)
        let days = Weekday.allCases.map { day in
            (day: day, before: old.basal.schedule(for: day).dailyDose + periodicBefore, after: new.basal.schedule(for: day).dailyDose + periodicAfter)
        }
        let what = old.periodicBolus == nil && new.periodicBolus == nil ? "basal daily dose" : "daily dose (basal and periodic boluses)"
        let sameEveryDay = Set(days.map { [$0.before.nanograms, $0.after.nanograms] }).count == 1
        /// `a.after / a.before > b.after / b.before` (a rise from none is the largest).
        func rises(_ a: (day: Weekday, before: DrugMass, after: DrugMass), _ b: (day: Weekday, before: DrugMass, after: DrugMass)) -> Bool {
            Int128(a.after.nanograms) * Int128(b.before.nanograms) > Int128(b.after.nanograms) * Int128(a.before.nanograms)
        }
        func warning(_ code: ProgrammingWarning.Code, _ day: (day: Weekday, before: DrugMass, after: DrugMass), _ bound: String, _ advice: String) -> ProgrammingWarning {
            let on = sameEveryDay ? "" : " on \(day.day.codingName)"
            return ProgrammingWarning(
                code, field: "basal",
                message: "\(what)\(on) \(day.after) against the active program's \(day.before): \(ratio(day.after, day.before)) (\(bound)); \(advice)",
                amount: .init(actual: day.after, limit: day.before))
        }
        var found: [ProgrammingWarning] = []
        let increases = days.filter { $0.after > $0.before && Int128($0.after.nanograms) >= Int128(changeFactor) * Int128($0.before.nanograms) }
        if let most = increases.max(by: { rises($1, $0) }) {
            found.append(warning(.dailyDoseIncrease, most, "≥ \(changeFactor)×", "check the units (mg for µg?) and the digits"))
        }
        let decreases = days.filter { $0.after < $0.before && Int128(changeFactor) * Int128($0.after.nanograms) <= Int128($0.before.nanograms) }
        if let deepest = decreases.max(by: { rises($0, $1) }) {
            found.append(warning(.dailyDoseDecrease, deepest, "≤ 1/\(changeFactor)", "a sudden drop risks withdrawal"))
        }
        return found
    }

    /// `×968.6`, `×0.25` or `×0.001` (cut, not rounded, to at least two significant digits, so a
    /// thousandfold drop never reads `×0`), `from none` for a change from zero, `to none` for a
    /// change to zero.
    static func ratio(_ new: DrugMass, _ old: DrugMass) -> String {
        guard old.nanograms > 0 else { return "from none" }
        guard new.nanograms > 0 else { return "to none" }
        var decimals = 2, scale: Int128 = 100
        while Int128(new.nanograms) * scale / Int128(old.nanograms) < 10, decimals < 12 {
            decimals += 1
            scale *= 10
        }
        return "×" + QuantityFormatter.decimal(Int128(new.nanograms) * scale / Int128(old.nanograms), decimals: decimals)
    }

    /// `dose-limit-raised` for each maximum raised to ≥ 2× its active value.
    static func raisedLimits(old: DoseLimits, new: DoseLimits) -> [ProgrammingWarning] {
        let maxima: [(String, String, KeyPath<DoseLimits, DrugMass>)] = [
            ("maximumDailyDose", "maximum daily dose", \.maximumDailyDose),
            ("maximumHourlyDose", "maximum hourly dose", \.maximumHourlyDose),
            ("maximumBolus", "maximum bolus", \.maximumBolus),
        ]
        return maxima.compactMap { key, name, path in
            let before = old[keyPath: path], after = new[keyPath: path]
            guard after > before, Int128(after.nanograms) >= Int128(changeFactor) * Int128(before.nanograms) else { return nil }
            return ProgrammingWarning(
                .doseLimitRaised, field: "limits.\(key)",
                message: "\(name) raised from \(before) to \(after) (\(ratio(after, before)), ≥ \(changeFactor)×): the limits guard against a dose error only if they stay close to the dose",
                amount: .init(actual: after, limit: before))
        }
    }

    /// `step-delivers-nothing` for every zero-rate step of a program that has a basal: hours
    /// without the drug, a withdrawal risk (for baclofen, a dangerous one).
    static func stepsDeliveringNothing(_ basal: BasalProgram) -> [ProgrammingWarning] {
        var found: [ProgrammingWarning] = []
        for labelled in basal.labelledSchedules {
            let steps = labelled.schedule.steps
            for (index, step) in steps.enumerated() where step.rate == .zero {
                let end = index + 1 < steps.count ? Int64(steps[index + 1].start.secondsSinceMidnight) : 86_400
                let length = TimeSpan.seconds(end - Int64(step.start.secondsSinceMidnight))
                let when = labelled.isContinuous ? "the continuous basal" : "\(labelled.label) from \(step.start)"
                found.append(ProgrammingWarning(
                    .stepDeliversNothing, field: labelled.ratePath(index),
                    message: "\(when) delivers nothing for \(length.readable): a gap in a basal program risks withdrawal",
                    amount: .init(actual: MassRate.zero, limit: MassRate.zero)))
            }
        }
        return found
    }

    /// `reservoir-low-soon` / `reservoir-empty-soon` when the worst-case date (every allowed
    /// bolus) is within `horizon` of `now`, the boundary included. Amount: seconds until it,
    /// against the horizon.
    static func reservoirSoon(
        _ forecast: ReservoirForecast, lowReservoirAlarm: Volume, horizon: TimeSpan, at now: CivilTime
    ) -> [ProgrammingWarning] {
        var found: [ProgrammingWarning] = []
        let limit = now + horizon
        if let low = forecast.lowReservoirAt, low <= limit {
            found.append(ProgrammingWarning(
                .reservoirLowSoon, field: "lowReservoirAlarm",
                message: "the low-reservoir alarm (\(lowReservoirAlarm)) is due by \(date(low, from: now)) at worst, within the \(horizon.readable) warning horizon: plan a refill",
                amount: .init(actual: low - now, limit: horizon)))
        }
        if let empty = forecast.emptyAt, empty <= limit {
            found.append(ProgrammingWarning(
                .reservoirEmptySoon, field: "",
                message: "the reservoir is empty by \(date(empty, from: now)) at worst, within the \(horizon.readable) warning horizon: delivery stops then",
                amount: .init(actual: empty - now, limit: horizon)))
        }
        return found
    }
}
