/// The worst deviation of each of pumpd's records from the simulated rig's truth over a crash
/// storm, with the bound each must stay within. Deviations are signed so that positive is the
/// record's safe side for its use: delivered and delivered-today under truth (shown with their
/// "up to X more"), the dose window and the reservoir counting more as pushed than was, missed
/// less than the real downtime explains.
struct StormDeviations {
    struct Worst: CustomStringConvertible {
        let name: String
        let unit: String
        /// The most unsafe (smallest) deviation seen: must be ≥ `-tolerance`.
        var unsafeMost: Int64 = .max
        /// The largest deviation seen on the safe side, and the largest bound it was held to.
        var safeMost: Int64 = .min
        var bound: Int64
        /// Samples whose safe-side deviation exceeded their bound, and unsafe ones beyond tolerance.
        var overBound = 0
        var unsafe = 0
        let tolerance: Int64

        init(name: String, unit: String, tolerance: Int64, bound: Int64 = 0) {
            self.name = name
            self.unit = unit
            self.tolerance = tolerance
            self.bound = bound
        }

        mutating func record(_ deviation: Int64, bound: Int64) {
            unsafeMost = min(unsafeMost, deviation)
            safeMost = max(safeMost, deviation)
            self.bound = max(self.bound, bound)
            if deviation > bound { overBound += 1 }
            if deviation < -tolerance { unsafe += 1 }
        }

        var description: String {
            let padded = name.padding(toLength: 22, withPad: " ", startingAt: 0)
            guard safeMost != .min else { return "\(padded) no samples (bound \(bound) \(unit))" }
            return "\(padded) worst safe-side \(safeMost) \(unit) (bound \(bound)), worst unsafe-side \(unsafeMost) \(unit) "
                + "(tolerance \(-tolerance)); over bound \(overBound), unsafe \(unsafe)"
        }
    }

    var delivered = Worst(name: "delivered total", unit: "ng", tolerance: 0)
    var deliveredToday = Worst(name: "delivered today", unit: "ng", tolerance: 0)
    var doseWindow = Worst(name: "dose window (24 h)", unit: "ng", tolerance: 0)
    var reservoir = Worst(name: "reservoir", unit: "nL", tolerance: 0)
    var missed = Worst(name: "missed", unit: "nL", tolerance: 0)
    var primedDrugFree = Worst(name: "primed: drug-free left", unit: "nL", tolerance: 0, bound: 1_000)
    var primedDrug = Worst(name: "primed: drug pushed", unit: "nL", tolerance: 0, bound: 1_000)

    var all: [Worst] { [delivered, deliveredToday, doseWindow, reservoir, missed, primedDrugFree, primedDrug] }
}
