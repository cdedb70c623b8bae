/// Old against new for every setting a change touches (a program, a refill, a first fill), and
/// the warnings the change raises: what a clinician reviews before confirming it.
///
/// Pure: both sides' reservoir forecasts are computed from `now`, which the caller passes in.
public struct ChangeReview: Hashable, Sendable {
    /// One side of a change: a program (nil: none yet) and the reservoir it runs from.
    public struct Side: Hashable, Sendable {
        public var prescription: Prescription?
        /// The drug in the reservoir (nil: never filled).
        public var drug: Drug?
        /// The accounted volume left in the reservoir (for a refill's new side, the new volume).
        public var remaining: Volume

        public init(prescription: Prescription?, drug: Drug?, remaining: Volume) {
            self.prescription = prescription
            self.drug = drug
            self.remaining = remaining
        }
    }

    /// One line of the review: a setting's value before and after, as people read it.
    public struct Row: Hashable, Sendable {
        public let label: String
        public let old: String
        public let new: String
        public var changed: Bool { old != new }

        public init(label: String, old: String, new: String) {
            self.label = label
            self.old = old
            self.new = new
        }
    }

    public let rows: [Row]
    /// Every warning the change raises, in a stable order (library warnings are the caller's).
    public let warnings: [ProgrammingWarning]
    /// Each side's program in numbers (nil where the side has no program).
    public let oldSummary: ProgramSummary?
    public let newSummary: ProgramSummary?

    /// Reviews going from `old` to `new` at `now`, with the rig's empty threshold and the
    /// profile's warning horizon.
    public init(old: Side, new: Side, emptyThreshold: Volume, policy: TherapyPolicy, at now: CivilTime) {
        func summary(_ side: Side) -> ProgramSummary? {
            side.prescription.map { ProgramSummary($0, remaining: side.remaining, emptyThreshold: emptyThreshold, at: now) }
        }
        oldSummary = summary(old)
        newSummary = summary(new)
        rows = Self.rows(old: (old, oldSummary), new: (new, newSummary), at: now)
        warnings = Self.warnings(
            old: old.prescription, new: new.prescription, newSummary: newSummary, horizon: policy.reservoirWarningHorizon, at: now)
    }
}
