extension TherapySession {
    /// Audits one stall retry the control loop is about to make (see `TherapyEvent.Kind.stallRetry`)
    /// and counts it in `stallRetriesUsed` (attempt = used + 1). Changes no accounting: the unseen
    /// steps were counted as delivered when they were commanded (the safe side for the dose
    /// limits and the reservoir) and are never commanded again.
    public mutating func recordStallRetry(
        of retries: Int, unseenSteps: Int64, reversed: Bool, evidence: String, at reading: ClockReading
    ) {
        advance(to: reading)
        stallRetriesUsed += 1
        emit(.stallRetry(attempt: stallRetriesUsed, retries: retries, unseen: unseenSteps, reversed: reversed, evidence: evidence))
    }
}

extension TherapySession {
    /// Books `volume` that moved without a commanded step (free flow, a motor moving more than
    /// commanded), as the encoder estimates it, on the safe side of every record: the reservoir
    /// counts it as gone and the hourly and daily dose-limit windows count it as given (at the
    /// highest concentration in the path), while the delivered dose carries it only as
    /// `unrecordedMass` (delivered is "this, up to that more"). The over-infusion guard, which
    /// bounds commanded delivery, does not see it. Returns the mass booked into the windows.
    @discardableResult
    public mutating func recordUncommandedMotion(estimated volume: Volume, at reading: ClockReading) -> DrugMass {
        advance(to: reading)
        let picolitres = max(0, volume.nanolitres) * 1_000
        guard picolitres > 0 else { return .zero }
        let concentration = planner.history.highestConcentration(from: planner.commandedPosition).microgramsPerMillilitre
        let mass = DrugMass(nanograms: WideArithmetic.multiplyDivideRoundingUp(picolitres, concentration, 1_000_000))
        fill.position -= picolitres
        ledger.recent.record(mass, at: reading.monotonic)
        ledger.unrecordedMass += mass
        ledger.unrecordedPicolitres += picolitres
        return mass
    }
}
