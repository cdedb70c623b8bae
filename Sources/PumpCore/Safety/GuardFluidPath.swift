/// The overinfusion guard's own record of what fluid is where: which concentration enters the
/// pump tubing from which pump position, and the dead volume to the tip. Fed refills and path
/// replacements as data; looked up by its own code, so a fault in the planner's fluid model does
/// not reach the guard.
struct GuardFluidPath: Sendable {
    let deadVolume: Int64  // pL
    /// (from pump position, µg/mL), ascending.
    private var changes: [(from: Int64, concentration: Int64)]

    init(deadVolume: Volume, reservoir: Concentration, primed: Bool, position: Int64) {
        self.deadVolume = deadVolume.picolitres
        changes = [(Int64.min / 2, primed ? reservoir.microgramsPerMillilitre : 0), (position, reservoir.microgramsPerMillilitre)]
    }

    /// A path with exactly these (from position, µg/mL) changes, ascending (a restore).
    init(deadVolume: Volume, changes: [(from: Int64, concentration: Int64)]) {
        self.deadVolume = deadVolume.picolitres
        self.changes = changes.isEmpty ? [(from: Int64.min / 2, concentration: Int64(0))] : changes
    }

    mutating func reservoirChanged(to concentration: Concentration, atPosition position: Int64) {
        changes.removeAll { $0.from >= position && $0.from != Int64.min / 2 }
        changes.append((position, concentration.microgramsPerMillilitre))
    }

    mutating func pathReplaced(atPosition position: Int64, reservoir: Concentration) {
        changes.removeAll { $0.from >= position - deadVolume && $0.from != Int64.min / 2 }
        changes.append((position - deadVolume, 0))
        changes.append((position, reservoir.microgramsPerMillilitre))
    }

    /// The concentration leaving the tip when the pump stands at `position`.
    func atTip(_ position: Int64) -> Int64 {
        let entering = position - deadVolume
        return changes.last { $0.from <= entering }?.concentration ?? 0
    }

    /// The most dilute drug that can leave the tip from `position` on (0 if none).
    func leanest(from position: Int64) -> Int64 {
        let entering = position - deadVolume
        var leanest: Int64 = 0
        for change in changes[(changes.lastIndex { $0.from <= entering } ?? 0)...] where change.concentration > 0 {
            leanest = leanest == 0 ? change.concentration : min(leanest, change.concentration)
        }
        return leanest
    }
}
