/// A program reviewed against the active one: both in numbers, every setting old and new, and
/// every warning (the library's included) a commit must accept.
public struct ProgramReview: Hashable, Sendable {
    public let old: ProgramSummary?
    public let new: ProgramSummary
    public let rows: [ChangeReview.Row]
    public let warnings: [ProgrammingWarning]

    public init(old: ProgramSummary?, new: ProgramSummary, rows: [ChangeReview.Row], warnings: [ProgrammingWarning]) {
        self.old = old
        self.new = new
        self.rows = rows
        self.warnings = warnings
    }
}
