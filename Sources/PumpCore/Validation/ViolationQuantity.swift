/// A quantity a `LimitViolation` can carry as a wire integer: its value in the unit io.pumpd.Pump
/// counts it in (ng, nL, pL/day, ng/day, µg/mL, s, or a count).
public protocol ViolationQuantity {
    /// The value in `violationUnit`.
    var violationValue: Int64 { get }
    /// The wire unit: `ng`, `nL`, `ng/day`, `pL/day`, `µg/mL`, `pL`, `s`, `ns`, `count`.
    var violationUnit: String { get }
}

extension DrugMass: ViolationQuantity {
    public var violationValue: Int64 { nanograms }
    public var violationUnit: String { "ng" }
}

extension Volume: ViolationQuantity {
    public var violationValue: Int64 { nanolitres }
    public var violationUnit: String { "nL" }
}

extension MassRate: ViolationQuantity {
    public var violationValue: Int64 { nanogramsPerDay }
    public var violationUnit: String { "ng/day" }
}

extension VolumeRate: ViolationQuantity {
    public var violationValue: Int64 { picolitresPerDay }
    public var violationUnit: String { "pL/day" }
}

extension Concentration: ViolationQuantity {
    public var violationValue: Int64 { microgramsPerMillilitre }
    public var violationUnit: String { "µg/mL" }
}

extension StepVolume: ViolationQuantity {
    public var violationValue: Int64 { picolitres }
    public var violationUnit: String { "pL" }
}

/// Durations as the wire gives them, in whole seconds; a span with a fraction of a second (which
/// the wire cannot carry) in nanoseconds, so the value is always exact.
extension TimeSpan: ViolationQuantity {
    public var violationValue: Int64 { nanoseconds % 1_000_000_000 == 0 ? nanoseconds / 1_000_000_000 : nanoseconds }
    public var violationUnit: String { nanoseconds % 1_000_000_000 == 0 ? "s" : "ns" }
}

extension Int: ViolationQuantity {
    public var violationValue: Int64 { Int64(self) }
    public var violationUnit: String { "count" }
}

extension LimitViolation {
    /// The value given and the limit it broke as exact integers in one wire unit, for programs
    /// (pumpctl --json) to compare without reading the prose.
    public struct Amount: Hashable, Sendable {
        /// The wire unit both numbers are in, e.g. `ng`.
        public let unit: String
        /// The value given (for a sum, the total that broke the limit).
        public let actual: Int64
        /// The bound it must respect, in the sense the violation's `limit` text states.
        public let limit: Int64

        /// `actual` against `limit`, in one unit: when a duration's two sides need different
        /// units (whole seconds and a fraction), both are given in nanoseconds.
        public init<Q: ViolationQuantity>(actual: Q, limit: Q) {
            if actual.violationUnit == limit.violationUnit {
                self.init(unit: actual.violationUnit, actual: actual.violationValue, limit: limit.violationValue)
            } else if let actual = actual as? TimeSpan, let limit = limit as? TimeSpan {
                self.init(unit: "ns", actual: actual.nanoseconds, limit: limit.nanoseconds)
            } else {
                self.init(unit: actual.violationUnit, actual: actual.violationValue, limit: limit.violationValue)
            }
        }

        /// `actual` against a bound of 0 in its own unit (`> 0`, `≥ 0`).
        public init<Q: ViolationQuantity>(againstZero actual: Q) {
            self.init(unit: actual.violationUnit, actual: actual.violationValue, limit: 0)
        }

        public init(unit: String, actual: Int64, limit: Int64) {
            self.unit = unit
            self.actual = actual
            self.limit = limit
        }
    }
}
