/// The warning codes a clinician accepts with a commit, and the reason for any override: recorded
/// with the commit (and its caller) in the audit.
public struct WarningAcceptance: Hashable, Sendable {
    public var codes: Set<ProgrammingWarning.Code>
    /// Why a soft limit is overridden; needed (not blank) when a soft-limit code is accepted.
    public var reason: String?

    public init(codes: Set<ProgrammingWarning.Code> = [], reason: String? = nil) {
        self.codes = codes
        self.reason = reason
    }

    /// Why committing a change that raises `warnings` with this acceptance is refused: warnings
    /// left unaccepted, or soft-limit codes accepted without a reason; nil when it may go ahead.
    public func refusal(of warnings: [ProgrammingWarning]) -> TherapyError? {
        let missing = warnings.filter { !codes.contains($0.code) }
        if !missing.isEmpty { return .warningsNotAccepted(missing) }
        let needingReason = codes.filter(\.needsOverrideReason)
        if !needingReason.isEmpty, reason?.allSatisfy(\.isWhitespace) ?? true {
            return .overrideReasonRequired(needingReason.sorted { $0.rawValue < $1.rawValue })
        }
        return nil
    }
}
