/// What concentration leaves the catheter tip as the pump pushes fluid.
///
/// Positions are cumulative picolitres pushed by the pump since the rig started. Fluid that enters
/// the pump tubing at position `p` reaches the tip at `p + deadVolume`. Each entry says: fluid
/// entering from this position on has this concentration. A refill with a new concentration
/// appends an entry; priming a new, empty catheter appends a drug-free entry for the fluid already
/// in the path. The list only grows at refill and priming, so lookups during delivery never
/// allocate.
public struct TipConcentrationHistory: Hashable, Sendable {
    struct Entry: Hashable, Sendable {
        /// Pump position (pL) from which entering fluid has `concentration`.
        var fromPosition: Int64
        var concentration: Concentration
    }

    public let deadVolumePicolitres: Int64
    private(set) var entries: [Entry]

    /// A reservoir of `reservoir` concentration behind a fluid path that is either already full
    /// of the same drug (`pathPrimed`) or drug-free (a new catheter that still needs priming), with
    /// the pump at `position` picolitres.
    public init(deadVolume: Volume, reservoir: Concentration, pathPrimed: Bool, position: Int64 = 0) {
        self.deadVolumePicolitres = deadVolume.picolitres
        self.entries = [Entry(fromPosition: Int64.min / 2, concentration: pathPrimed ? reservoir : .none)]
        append(Entry(fromPosition: position, concentration: reservoir))
    }

    /// A history with exactly these entries (a restore); the first covers all fluid before it.
    init(deadVolume: Int64, entries: [Entry]) {
        self.deadVolumePicolitres = deadVolume
        self.entries = entries.isEmpty ? [Entry(fromPosition: Int64.min / 2, concentration: .none)] : entries
    }

    /// The concentration leaving the tip when the pump has pushed `position` picolitres.
    public func concentrationAtTip(position: Int64) -> Concentration {
        entries[entryIndex(enteringAt: position - deadVolumePicolitres)].concentration
    }

    /// The next pump position after `position` at which the tip concentration changes, if any.
    public func nextChange(after position: Int64) -> Int64? {
        let index = entryIndex(enteringAt: position - deadVolumePicolitres)
        return index + 1 < entries.count ? entries[index + 1].fromPosition + deadVolumePicolitres : nil
    }

    /// The drug-free fluid still ahead of the tip at pump position `position`, in picolitres: what
    /// a priming bolus may push without delivering drug. Zero when drug is at the tip.
    public func drugFreeVolume(ahead position: Int64) -> Int64 {
        var at = position
        while concentrationAtTip(position: at) == .none {
            guard let next = nextChange(after: at) else { return .max }
            at = next
        }
        return at - position
    }

    /// The strongest concentration that can leave the tip from pump position `position` on: what
    /// a bolus sized in volume must assume, so that a bridge ending mid-bolus cannot overdose.
    public func highestConcentration(from position: Int64) -> Concentration {
        let entering = position - deadVolumePicolitres
        var strongest = Concentration.none
        for entry in entries[entryIndex(enteringAt: entering)...] { strongest = max(strongest, entry.concentration) }
        return strongest
    }

    /// From pump position `position` on, the reservoir supplies `concentration` (a refill).
    public mutating func reservoirChanged(to concentration: Concentration, atPosition position: Int64) {
        append(Entry(fromPosition: position, concentration: concentration))
    }

    /// The whole fluid path is declared drug-free at `position` (a new catheter or tubing): the
    /// next `deadVolume` of pushing delivers no drug, then `reservoir` fluid reaches the tip.
    public mutating func pathReplaced(atPosition position: Int64, reservoir: Concentration) {
        pruneBefore(position)
        append(Entry(fromPosition: position - deadVolumePicolitres, concentration: .none))
        append(Entry(fromPosition: position, concentration: reservoir))
    }

    private mutating func append(_ entry: Entry) {
        while let last = entries.last, last.fromPosition >= entry.fromPosition, entries.count > 1 {
            entries.removeLast()
        }
        if entries.last?.concentration == entry.concentration { return }
        entries.append(entry)
    }

    /// Drops entries whose fluid has entirely left the tip by pump position `position`.
    private mutating func pruneBefore(_ position: Int64) {
        let current = entryIndex(enteringAt: position - deadVolumePicolitres)
        if current > 0 { entries.removeFirst(current) }
    }

    private func entryIndex(enteringAt entering: Int64) -> Int {
        var index = 0
        for i in entries.indices where entries[i].fromPosition <= entering { index = i }
        return index
    }
}
