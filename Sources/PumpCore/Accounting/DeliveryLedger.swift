/// What actually left the catheter tip, by concentration: the delivered dose, the drug-free
/// volume pushed while priming, and the rolling totals the bolus limits are checked against.
///
/// Everything is derived from pump positions (picolitres commanded), so totals are exact: mass is
/// converted once per concentration run, not per step.
public struct DeliveryLedger: Sendable {
    /// Pump position of the last step accounted.
    public private(set) var position: Int64
    /// Exact mass of concentration runs already closed, in nanograms.
    var closedMass: Int64 = 0
    /// The run in progress: picolitres delivered at `runConcentration`.
    var runVolume: Int64 = 0
    public internal(set) var runConcentration: Concentration
    /// Drug-free volume pushed out of the tip (priming a new catheter), picolitres.
    public internal(set) var drugFreePicolitres: Int64 = 0
    /// Volume owed by the program while delivery was interrupted and never delivered.
    public internal(set) var missed: Volume = .zero
    public internal(set) var recent: RollingDoseWindow
    /// Possibly delivered but not recorded (steps a crash may have cut from the record), summed over
    /// restores: the true delivered dose lies between `deliveredMass` and `deliveredMass` +
    /// `unrecordedMass`. The reservoir and the dose-limit windows already count it as pushed.
    public internal(set) var unrecordedMass: DrugMass = .zero
    public internal(set) var unrecordedPicolitres: Int64 = 0

    /// `unrecordedPicolitres` in whole nanolitres, rounded up (an upper bound stays one).
    public var unrecordedVolume: Volume { Volume(nanolitres: WideArithmetic.multiplyDivideRoundingUp(unrecordedPicolitres, 1, 1_000)) }

    public init(position: Int64, concentrationAtTip: Concentration, at instant: MonotonicInstant) {
        self.position = position
        self.runConcentration = concentrationAtTip
        self.recent = RollingDoseWindow(at: instant)
    }

    /// Dose delivered to the patient since the ledger began.
    public var deliveredMass: DrugMass {
        DrugMass(nanograms: closedMass + WideArithmetic.multiplyDivide(runVolume, runConcentration.microgramsPerMillilitre, 1_000_000))
    }

    /// Accounts a step of `step` that moved the pump to `position + step`, using `history` to know
    /// what left the tip. A step that straddles a concentration change is split at the change.
    ///
    /// The dose windows get the step's share of the exact delivered mass (the change of
    /// `deliveredMass`), so they sum with the hourly history and the total exactly: a trailing
    /// hour never shows more than the same steps booked by hour.
    ///
    /// - Returns: the volume (whole nanolitres of the commanded position's change; the rest carries
    ///   to the next step) and mass this step added.
    @discardableResult
    public mutating func recordStep(
        _ step: StepVolume, history: TipConcentrationHistory, at instant: MonotonicInstant
    ) -> (volume: Volume, mass: DrugMass) {
        var from = position
        let to = position + step.picolitres
        let massBefore = deliveredMass
        while from < to {
            let concentration = history.concentrationAtTip(position: from)
            let until = min(to, history.nextChange(after: from) ?? to)
            let chunk = until - from
            if concentration != runConcentration { closeRun(switchingTo: concentration) }
            if concentration == .none { drugFreePicolitres += chunk } else { runVolume += chunk }
            from = until
        }
        let volume = Volume(
            nanolitres: WideArithmetic.multiplyDivide(to, 1, 1_000) - WideArithmetic.multiplyDivide(position, 1, 1_000))
        position = to
        let mass = deliveredMass - massBefore
        recent.record(mass, at: instant)
        return (volume, mass)
    }

    /// Brings the rolling dose windows to `instant`.
    public mutating func rollForward(to instant: MonotonicInstant) { recent.rollForward(to: instant) }

    /// Records volume the program would have delivered during an interruption (no catch-up: it is
    /// never delivered later).
    public mutating func recordMissed(_ volume: Volume) { missed += volume }

    private mutating func closeRun(switchingTo concentration: Concentration) {
        closedMass += WideArithmetic.multiplyDivide(runVolume, runConcentration.microgramsPerMillilitre, 1_000_000)
        runVolume = 0
        runConcentration = concentration
    }
}
