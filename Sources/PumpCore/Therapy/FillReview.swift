/// What a clinician confirms before a refill or a first fill is committed: old and new side by
/// side, the warnings to accept, the bridge a new concentration starts, and the program that will
/// run with the new fill.
public struct FillReview: Hashable, Sendable {
    /// One line of the old-versus-new review.
    public struct Row: Hashable, Sendable {
        public let label: String
        public let old: String
        public let new: String
        public var changed: Bool { old != new }

        public init(_ label: String, old: String, new: String) {
            self.label = label
            self.old = old
            self.new = new
        }
    }

    public internal(set) var rows: [Row]
    public let warnings: [ProgrammingWarning]
    /// The concentration change the fill sends down the catheter, if any.
    public let bridge: Bridge?
    /// The program committed with the fill (a new concentration, or the one given); nil when the
    /// active program stays as it is.
    public let newProgram: Prescription?
    public let oldSummary: ProgramSummary?
    /// The summary of the program that runs after the fill, against the new fill.
    public let newSummary: ProgramSummary?
}

extension FillReview {
    /// The review's rows: drug, concentration, volume, remaining, the bridge, the basal daily dose,
    /// and the low and empty dates, expected (no patient bolus) and worst case (every allowed one).
    ///
    /// Stand-in for the reusable change review of Sources/PumpCore/Review (which lists every
    /// setting of both programs): replace this with it once merged.
    static func rows(
        oldFill: ReservoirFill, remaining: Volume, newFill: (volume: Volume, drug: Drug), withdrawn: Volume?,
        old: (program: Prescription, summary: ProgramSummary, expected: ReservoirForecast)?,
        new: (program: Prescription, summary: ProgramSummary, expected: ReservoirForecast)?, bridge: Bridge?
    ) -> [Row] {
        func date(_ time: CivilTime?) -> String { time.map { "\($0)" } ?? "not within 2 years" }
        func basal(_ summary: ProgramSummary) -> String {
            let dose = summary.basalDailyDose
            return dose.lowerBound == dose.upperBound ? "\(dose.lowerBound)/day" : "\(dose.lowerBound) – \(dose.upperBound)/day"
        }
        var rows = [
            Row("drug", old: oldFill.drug.name, new: newFill.drug.name),
            Row("concentration", old: "\(oldFill.drug.concentration)", new: "\(newFill.drug.concentration)"),
            Row("reservoir volume", old: "\(oldFill.volume)", new: "\(newFill.volume)"),
            Row("remaining", old: "\(remaining) accounted", new: "\(newFill.volume)"),
        ]
        if let withdrawn { rows.append(Row("withdrawn", old: "\(remaining) expected", new: "\(withdrawn)")) }
        rows.append(Row("bridge", old: "—", new: bridge?.description ?? "none (same concentration)"))
        rows.append(Row("basal daily dose", old: old.map { basal($0.summary) } ?? "—", new: new.map { basal($0.summary) } ?? "—"))
        rows.append(Row(
            "low-reservoir alarm", old: old.map { "\($0.program.lowReservoirAlarm)" } ?? "—",
            new: new.map { "\($0.program.lowReservoirAlarm)" } ?? "—"))
        rows.append(Row(
            "low-reservoir alarm expected", old: old.map { date($0.expected.lowReservoirAt) } ?? "—",
            new: new.map { date($0.expected.lowReservoirAt) } ?? "—"))
        rows.append(Row(
            "reservoir empty expected", old: old.map { date($0.expected.emptyAt) } ?? "—", new: new.map { date($0.expected.emptyAt) } ?? "—"))
        rows.append(Row(
            "low-reservoir alarm at the earliest", old: old.map { date($0.summary.forecast.lowReservoirAt) } ?? "—",
            new: new.map { date($0.summary.forecast.lowReservoirAt) } ?? "—"))
        rows.append(Row(
            "reservoir empty at the earliest", old: old.map { date($0.summary.forecast.emptyAt) } ?? "—",
            new: new.map { date($0.summary.forecast.emptyAt) } ?? "—"))
        return rows
    }
}
