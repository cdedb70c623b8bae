extension TherapySession {
    /// Reviews `request` without changing anything: every violation (fields under `refill.`), or
    /// the old-versus-new review with its warnings, bridge and the program that runs afterwards.
    ///
    /// A drug other than the active program's is refused unless the request carries a program for
    /// it; a new concentration without one keeps the active program's doses (µg/day) as a new
    /// program at the new concentration, checked against the rig and the drug library.
    public func reviewRefill(_ request: RefillRequest) -> Result<FillReview, TherapyError> {
        var violations = fillViolations(volume: request.volume, drug: request.drug, field: "refill")
        if request.withdrawn < .zero {
            violations.append(LimitViolation(
                .notPositive, field: "refill.withdrawn", actual: "\(request.withdrawn)", limit: "≥ 0", amount: .init(againstZero: request.withdrawn)))
        }
        var newProgram: Prescription?
        if let given = request.prescription {
            newProgram = given
        } else if let active = prescription, active.drug.name != request.drug.name,
            PrescriptionValidator.drugNameViolations(request.drug.name, field: "").isEmpty  // a malformed name is reported once, above
        {
            violations.append(LimitViolation(
                .drugChangeNeedsPrescription, field: "refill.drug.name", actual: request.drug.name,
                limit: "= \(active.drug.name), the active program's drug; another drug needs its own program (refill.prescription)"))
        } else if let active = prescription, active.drug.concentration != request.drug.concentration {
            newProgram = active
            newProgram?.drug = request.drug
        }
        let placement = request.prescription == nil ? "refill.drug" : "refill.prescription"
        if let newProgram { violations += programViolations(newProgram, filled: request.drug, volume: request.volume, under: placement) }
        guard violations.isEmpty else { return .failure(.invalidRefill(violations)) }
        var warnings: [ProgrammingWarning] = []
        if request.drug.concentration != fill.drug.concentration {
            warnings.append(ProgrammingWarning(
                .concentrationChanged, field: "refill.drug.concentration",
                message: "the concentration changes from \(fill.drug.concentration) to \(request.drug.concentration): the volume per dose changes, and the catheter delivers the old concentration until the new one reaches the tip",
                amount: .init(actual: request.drug.concentration, limit: fill.drug.concentration)))
        }
        var history = planner.history.changed(to: request.drug.concentration, atPosition: planner.commandedPosition)
        if request.drug.name != fill.drug.name {
            history.pathReplaced(atPosition: planner.commandedPosition, reservoir: request.drug.concentration)
        }
        var review = fillReview(
            newVolume: request.volume, drug: request.drug, withdrawn: request.withdrawn, newProgram: newProgram,
            history: history, warnings: warnings, placement: placement)
        if request.drug.name != fill.drug.name {
            review.rows.insert(ChangeReview.Row(
                label: "fluid path", old: "\(fill.drug.name) in the catheter",
                new: "delivery stops; aspirate the catheter's \(fill.drug.name), then prime \(request.drug.name) to the tip before resuming"),
                at: min(4, review.rows.count))
        }
        return .success(review)
    }

    /// Refills the reservoir at `reading` as `request` says, after reviewing it again (it must
    /// still pass), and commits the review's new program with it, if any.
    ///
    /// The withdrawn volume is compared with the accounted remainder; a discrepancy beyond the
    /// rig's tolerance raises a (non-critical) refill-discrepancy alarm. A new concentration
    /// reaches the tip only after the dead volume: until then the basal is metered at the old
    /// concentration (the bridge), so the patient's dose stays continuous. `acceptance`: what the
    /// clinician accepted of the review (checked, and recorded with the refill); nil: not asked.
    @discardableResult
    public mutating func refill(
        _ request: RefillRequest, accepting acceptance: WarningAcceptance? = nil, at reading: ClockReading
    ) throws(TherapyError) -> (outcome: RefillOutcome, review: FillReview) {
        advance(to: reading)
        let review = try reviewRefill(request).get()
        if let acceptance, let refusal = acceptance.refusal(of: review.warnings) { throw refusal }
        let accepted = acceptance ?? WarningAcceptance()
        let expected = reservoirRemaining
        let position = planner.commandedPosition
        let drugChanged = request.drug.name != fill.drug.name
        let bridging = !drugChanged && request.drug.concentration != fill.drug.concentration
        // Another drug: the catheter's old drug must never be metered as the new one (the doses
        // differ by drug), so delivery stops and the path counts as drug-free (the old drug
        // aspirated) until a priming brings the new drug to the tip.
        if drugChanged, mode != .stopped(.alarm) { halt(.clinician) }
        let outcome = RefillOutcome(
            expectedRemaining: expected, withdrawn: request.withdrawn, discrepancy: request.withdrawn - expected,
            tolerance: rig.refillDiscrepancyTolerance,
            newFill: ReservoirFill(volume: request.volume, drug: request.drug, filledAt: clock.wall, position: position),
            bridging: bridging, acceptedWarnings: accepted.codes.sorted { $0.rawValue < $1.rawValue }, overrideReason: accepted.reason)
        fill = outcome.newFill
        if drugChanged {
            let reservoir = request.drug.concentration
            planner.updateHistory(at: clock.monotonic) { $0.pathReplaced(atPosition: position, reservoir: reservoir) }
            overinfusionGuard.pathReplaced(reservoir: reservoir, at: clock)
        } else if bridging {
            planner.updateHistory(at: clock.monotonic) { $0.reservoirChanged(to: request.drug.concentration, atPosition: position) }
            overinfusionGuard.refilled(with: request.drug.concentration, at: clock)
        }
        emit(.refilled(outcome))
        if let program = review.newProgram { install(program, replacing: review.oldSummary, summary: review.newSummary!, accepted: accepted) }
        var refilledAbove: [AlarmKind] = request.volume > rig.emptyThreshold ? [.reservoirEmpty] : []
        if request.volume > (prescription?.lowReservoirAlarm ?? .zero) { refilledAbove.append(.reservoirLow) }
        for kind in refilledAbove {
            if let cleared = alarms.causeCleared(kind, at: clock.wall) { emit(.alarmCleared(cleared)) }
        }
        if outcome.discrepancyExceedsTolerance {
            raise(.refillDiscrepancy, evidence: "withdrew \(request.withdrawn), accounting expected \(expected) (difference \(outcome.discrepancy), tolerance ±\(rig.refillDiscrepancyTolerance))")
        }
        return (outcome, review)
    }

    /// A refill of the same drug with no program change (tests and simulations).
    @discardableResult
    public mutating func refill(volume: Volume, drug: Drug, withdrawn: Volume, at reading: ClockReading) throws(TherapyError) -> RefillOutcome {
        try refill(RefillRequest(volume: volume, drug: drug, withdrawn: withdrawn), at: reading).outcome
    }

    // MARK: - Shared by refill and first fill

    /// The fill's own checks: a volume the reservoir holds, a named drug, a positive concentration.
    func fillViolations(volume: Volume, drug: Drug, field prefix: String) -> [LimitViolation] {
        var violations: [LimitViolation] = []
        if volume <= .zero {
            violations.append(LimitViolation(.notPositive, field: "\(prefix).volume", actual: "\(volume)", limit: "> 0", amount: .init(againstZero: volume)))
        } else if volume > rig.reservoirCapacity {
            violations.append(LimitViolation(
                .aboveReservoirCapacity, field: "\(prefix).volume", actual: "\(volume)", limit: "≤ \(rig.reservoirCapacity)",
                amount: .init(actual: volume, limit: rig.reservoirCapacity)))
        }
        let nameViolations = PrescriptionValidator.drugNameViolations(drug.name, field: "\(prefix).drug.name")
        violations += nameViolations
        if drug.concentration <= .none {
            violations.append(LimitViolation(
                .notPositive, field: "\(prefix).drug.concentration", actual: "\(drug.concentration)", limit: "> 0",
                amount: .init(againstZero: drug.concentration)))
        }
        if nameViolations.isEmpty, drug.concentration > .none {
            violations += (drugLibrary?.check(drug: drug).violations ?? []).map { $0.under(prefix) }
        }
        return violations
    }

    /// What breaks in `program` run on a fill of `volume` of `filled`: the rig's and the drug
    /// library's rules, the drug filled, and a low-reservoir alarm below the fill. A program given
    /// in the request is reported under `<placement>` (its path as sent); one derived from the
    /// active program at a new concentration under the concentration that made it.
    func programViolations(_ program: Prescription, filled: Drug, volume: Volume, under placement: String) -> [LimitViolation] {
        let given = placement.hasSuffix(".prescription")
        func place(_ violation: LimitViolation) -> LimitViolation {
            if given { return violation.under(placement) }
            let field = "\(placement).concentration"
            return LimitViolation(
                violation.rule, field: field, actual: "\(violation.field) \(violation.actual) at \(filled.concentration)",
                limit: violation.limit, amount: violation.amount)
        }
        var violations = PrescriptionValidator.violations(of: program, rig: rig).map(place)
        violations += (drugLibrary?.check(program).violations ?? []).map(place)
        if given, program.drug != filled {
            violations.append(LimitViolation(
                .prescriptionDrugDiffersFromFill, field: "\(placement).drug", actual: "\(program.drug.name) \(program.drug.concentration)",
                limit: "= the drug filled, \(filled.name) \(filled.concentration)"))
        }
        if program.lowReservoirAlarm >= volume, volume > .zero {
            let prefix = placement.split(separator: ".").first.map(String.init) ?? placement
            violations.append(LimitViolation(
                .lowReservoirAlarmOutOfRange, field: "\(prefix).volume", actual: "\(volume)",
                limit: "> \(program.lowReservoirAlarm), the program's low-reservoir alarm", amount: .init(actual: volume, limit: program.lowReservoirAlarm)))
        }
        return violations
    }

    /// The review of a fill of `newVolume` of `drug` into the reservoir, with `newProgram` (or the
    /// active one) running on it and `history` the fluid path after it.
    func fillReview(
        newVolume: Volume, drug: Drug, withdrawn: Volume?, newProgram: Prescription?, history: TipConcentrationHistory,
        warnings: [ProgrammingWarning], placement: String
    ) -> FillReview {
        let given = placement.hasSuffix(".prescription")
        let top = placement.split(separator: ".").first.map(String.init) ?? "refill"
        let running = (newProgram ?? prescription).map { program in
            var program = program
            program.drug = drug
            return program
        }
        let change = ChangeReview(
            old: .init(prescription: prescription, drug: fill.drug, remaining: reservoirRemaining),
            new: .init(prescription: running, drug: drug, remaining: newVolume),
            emptyThreshold: rig.emptyThreshold, policy: policy, at: clock.wall)
        // The review's own warnings and the library's, each at its path in the request as sent.
        var warnings = warnings
        let library = newProgram.map { drugLibrary?.check($0).warnings ?? [] } ?? (drugLibrary?.check(drug: drug).warnings ?? [])
        for warning in change.warnings + library {
            let field: String
            switch warning.code {
            case .reservoirLowSoon, .reservoirEmptySoon: field = "\(top).volume"
            case .drugNotInLibrary: field = newProgram == nil || !given ? "\(top).drug.name" : "\(placement).drug.name"
            default: field = given ? "\(placement).\(warning.field)" : "\(top).drug.concentration"
            }
            warnings.append(ProgrammingWarning(warning.code, field: field, message: warning.message, amount: warning.amount))
        }
        let tip = history.concentrationAtTip(position: planner.commandedPosition)
        // Drug-free fluid at the tip (a new catheter being primed) has no flow for a dose: no bridge time.
        let flow = tip > .none ? running.map { $0.basal.massRate(at: clock.wall).volumeRate(at: tip) } ?? .zero : .zero
        let bridge = Bridge.ahead(of: planner.commandedPosition, in: history, flow: flow, from: clock.wall)
        var rows = change.rows
        if let withdrawn {
            rows.insert(ChangeReview.Row(label: "withdrawn", old: "\(reservoirRemaining) expected", new: "\(withdrawn)"), at: min(3, rows.count))
        }
        rows.insert(ChangeReview.Row(label: "bridge", old: ChangeReview.absent, new: bridge?.description ?? "none (same concentration)"), at: min(4, rows.count))
        return FillReview(
            rows: rows, warnings: warnings, bridge: bridge, newProgram: newProgram, oldSummary: change.oldSummary, newSummary: change.newSummary)
    }

    /// Makes `program` the active program now (validated by the caller), logged against `old`.
    mutating func install(_ program: Prescription, replacing old: ProgramSummary?, summary: ProgramSummary, accepted: WarningAcceptance) {
        prescription = program
        planner.setBasal(program.basal, at: clock.monotonic)
        planner.setPeriodic(program.periodicBolus, at: clock.monotonic)
        overinfusionGuard.programChanged(basal: program.basal, periodic: program.periodicBolus, at: clock)
        emit(.programCommitted(old: old, new: summary, accepted: accepted))
    }
}

extension TipConcentrationHistory {
    /// This history with the reservoir changed to `concentration` at `position` (a review's preview).
    func changed(to concentration: Concentration, atPosition position: Int64) -> TipConcentrationHistory {
        var copy = self
        if concentration > .none { copy.reservoirChanged(to: concentration, atPosition: position) }
        return copy
    }
}
