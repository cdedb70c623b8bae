/// A concentration change on its way to the catheter tip after a refill: until the fluid that was
/// in the path is pushed out, the tip delivers the old concentration, and the basal is metered at
/// it (the dose stays continuous; the volume rate changes when the new drug arrives).
public struct Bridge: Hashable, Sendable {
    public let oldConcentration: Concentration
    public let newConcentration: Concentration
    /// Old drug still to leave the tip before the new concentration reaches it.
    public let oldDrugLeft: Volume
    /// When the new concentration reaches the tip at the flow now (nil with no flow).
    public let volumeRateChangesAt: CivilTime?

    public init(oldConcentration: Concentration, newConcentration: Concentration, oldDrugLeft: Volume, volumeRateChangesAt: CivilTime?) {
        self.oldConcentration = oldConcentration
        self.newConcentration = newConcentration
        self.oldDrugLeft = oldDrugLeft
        self.volumeRateChangesAt = volumeRateChangesAt
    }

    /// The bridge ahead of the tip at pump position `position` in `history`, with the pump
    /// pushing `flow` from `now`; nil when no concentration change of drug is on its way (priming
    /// drug-free fluid out is not a bridge).
    static func ahead(
        of position: Int64, in history: TipConcentrationHistory, flow: VolumeRate, from now: CivilTime
    ) -> Bridge? {
        let old = history.concentrationAtTip(position: position)
        guard old > .none, let change = history.nextChange(after: position) else { return nil }
        let new = history.concentrationAtTip(position: change)
        guard new > .none, new != old else { return nil }
        let left = change - position
        let arrives = flow.picolitresPerDay > 0
            ? now + .nanoseconds(WideArithmetic.multiplyDivideRoundingUp(left, TimeSpan.day.nanoseconds, flow.picolitresPerDay)) : nil
        return Bridge(
            oldConcentration: old, newConcentration: new, oldDrugLeft: Volume(nanolitres: (left + 999) / 1_000),
            volumeRateChangesAt: arrives)
    }

    /// One line for people.
    public var description: String {
        "\(oldDrugLeft) of \(oldConcentration) left in the catheter before \(newConcentration) reaches the tip"
            + (volumeRateChangesAt.map { " (the volume rate changes at \($0))" } ?? "")
    }
}
