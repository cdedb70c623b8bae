/// What a clinician confirms before a refill or a first fill is committed: old and new side by
/// side, the warnings to accept, the bridge a new concentration starts, and the program that will
/// run with the new fill.
public struct FillReview: Hashable, Sendable {
    public internal(set) var rows: [ChangeReview.Row]
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
