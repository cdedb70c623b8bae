extension TherapySession {
    /// Never programmed and nothing pushed since the reservoir was set up: what the session can
    /// tell of a pump never filled (the service also checks that no fill is recorded).
    public var mayTakeFirstFill: Bool {
        prescription == nil && mode == .stopped(.idle) && planner.commandedPosition == fill.position
            && ledger.deliveredMass == .zero && ledger.drugFreePicolitres == 0
    }

    /// Reviews a first fill without changing anything: every violation (fields under `fill.`), or
    /// the review.
    public func reviewFirstFill(_ request: FirstFillRequest) -> Result<FillReview, TherapyError> {
        var violations = fillViolations(volume: request.volume, drug: request.drug, field: "fill")
        if !mayTakeFirstFill {
            violations.insert(LimitViolation(
                .alreadyFilled, field: "fill", actual: prescription == nil ? "the pump has pumped since its fill" : "the pump is programmed",
                limit: "a pump never filled (refill this one: ValidateRefill)"), at: 0)
        }
        guard violations.isEmpty else { return .failure(.invalidRefill(violations)) }
        let history = TipConcentrationHistory(
            deadVolume: rig.deadVolume, reservoir: request.drug.concentration, pathPrimed: request.primed, position: planner.commandedPosition)
        var review = fillReview(
            newVolume: request.volume, drug: request.drug, withdrawn: nil, newProgram: nil, history: history, warnings: [], placement: "fill")
        review.rows.insert(ChangeReview.Row(
            label: "fluid path", old: ChangeReview.absent, new: request.primed ? "primed with \(request.drug.name) \(request.drug.concentration)" : "drug-free: prime it before therapy"), at: 4)
        return .success(review)
    }

    /// Commissions the pump at `reading` with `request`, after reviewing it again: the reservoir
    /// holds the new fill and the fluid path is primed with it or drug-free, as the request says.
    /// Nothing is programmed or started.
    @discardableResult
    public mutating func commitFirstFill(
        _ request: FirstFillRequest, accepting acceptance: WarningAcceptance? = nil, at reading: ClockReading
    ) throws(TherapyError) -> FillReview {
        advance(to: reading)
        let review = try reviewFirstFill(request).get()
        if let acceptance, let refusal = acceptance.refusal(of: review.warnings) { throw refusal }
        let position = planner.commandedPosition
        fill = ReservoirFill(volume: request.volume, drug: request.drug, filledAt: clock.wall, position: position)
        let history = TipConcentrationHistory(
            deadVolume: rig.deadVolume, reservoir: request.drug.concentration, pathPrimed: request.primed, position: position)
        planner = MeteringPlanner(stepVolume: rig.stepVolume, history: history, clock: clock, position: position)
        overinfusionGuard = OverinfusionGuard(
            toleranceSteps: overinfusionGuard.toleranceSteps, deadVolume: rig.deadVolume, reservoir: request.drug.concentration,
            pathPrimed: request.primed, position: position, clock: clock)
        ledger = DeliveryLedger(position: position, concentrationAtTip: planner.concentrationAtTip, at: clock.monotonic)
        emit(.refilled(RefillOutcome(
            expectedRemaining: .zero, withdrawn: .zero, discrepancy: .zero, tolerance: rig.refillDiscrepancyTolerance, newFill: fill,
            bridging: false, acceptedWarnings: (acceptance?.codes ?? []).sorted { $0.rawValue < $1.rawValue },
            overrideReason: acceptance?.reason, firstFill: true, pathPrimed: request.primed)))
        for kind in [AlarmKind.reservoirEmpty, .reservoirLow] where request.volume > rig.emptyThreshold {
            if let cleared = alarms.causeCleared(kind, at: clock.wall) { emit(.alarmCleared(cleared)) }
        }
        return review
    }
}
