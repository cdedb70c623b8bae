extension TherapySession {
    /// Refills the reservoir at `reading` with `volume` of `drug`, after `withdrawn` was drawn out
    /// of the old fill.
    ///
    /// The withdrawn volume is compared with the accounted remainder; a discrepancy beyond the
    /// rig's tolerance raises a (non-critical) refill-discrepancy alarm. A new concentration
    /// reaches the tip only after the dead volume: until then the basal is metered at the old
    /// concentration (the bridge), so the patient's dose stays continuous. Refused, changing
    /// nothing, when the volume exceeds the reservoir or the active program would break a limit
    /// at the new concentration.
    @discardableResult
    public mutating func refill(volume: Volume, drug: Drug, withdrawn: Volume, at reading: ClockReading) throws(TherapyError) -> RefillOutcome {
        advance(to: reading)
        var violations: [LimitViolation] = []
        if volume <= .zero {
            violations.append(LimitViolation(.notPositive, field: "refill.volume", actual: "\(volume)", limit: "> 0", amount: .init(againstZero: volume)))
        } else if volume > rig.reservoirCapacity {
            violations.append(LimitViolation(
                .aboveReservoirCapacity, field: "refill.volume", actual: "\(volume)", limit: "≤ \(rig.reservoirCapacity)",
                amount: .init(actual: volume, limit: rig.reservoirCapacity)))
        }
        if withdrawn < .zero {
            violations.append(LimitViolation(.notPositive, field: "refill.withdrawn", actual: "\(withdrawn)", limit: "≥ 0", amount: .init(againstZero: withdrawn)))
        }
        var updated = prescription
        updated?.drug = drug
        if let updated { violations += PrescriptionValidator.violations(of: updated, rig: rig) }
        if drug.concentration <= .none {
            violations.append(LimitViolation(.notPositive, field: "refill.drug.concentration", actual: "\(drug.concentration)", limit: "> 0",
                amount: .init(againstZero: drug.concentration)))
        }
        guard violations.isEmpty else { throw .invalidPrescription(violations) }

        let expected = reservoirRemaining
        let position = planner.commandedPosition
        let bridging = drug.concentration != fill.drug.concentration
        let outcome = RefillOutcome(
            expectedRemaining: expected, withdrawn: withdrawn, discrepancy: withdrawn - expected,
            tolerance: rig.refillDiscrepancyTolerance,
            newFill: ReservoirFill(volume: volume, drug: drug, filledAt: clock.wall, position: position),
            bridging: bridging)
        fill = outcome.newFill
        prescription = updated
        if bridging {
            planner.updateHistory(at: clock.monotonic) { $0.reservoirChanged(to: drug.concentration, atPosition: position) }
            overinfusionGuard.refilled(with: drug.concentration, at: clock)
        }
        emit(.refilled(outcome))
        var refilledAbove: [AlarmKind] = volume > rig.emptyThreshold ? [.reservoirEmpty] : []
        if volume > (updated?.lowReservoirAlarm ?? .zero) { refilledAbove.append(.reservoirLow) }
        for kind in refilledAbove {
            if let cleared = alarms.causeCleared(kind, at: clock.wall) { emit(.alarmCleared(cleared)) }
        }
        if outcome.discrepancyExceedsTolerance {
            raise(.refillDiscrepancy, evidence: "withdrew \(withdrawn), accounting expected \(expected) (difference \(outcome.discrepancy), tolerance ±\(rig.refillDiscrepancyTolerance))")
        }
        return outcome
    }
}
