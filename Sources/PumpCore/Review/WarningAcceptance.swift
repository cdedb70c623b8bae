/// Whether a commit accepts the warnings its review raised: every code raised must be named, no
/// code the review did not raise may be, and a soft-limit override needs a reason.
public enum WarningAcceptance {
    public enum Refusal: Error, Hashable, Sendable {
        /// These warnings were raised and not named.
        case notAccepted([ProgrammingWarning])
        /// These accepted codes need a non-empty override reason.
        case overrideReasonRequired([ProgrammingWarning.Code])
        /// `accepted[index]` names a code the review did not raise.
        case notRaised(index: Int, code: String)
    }

    /// The accepted codes, in the order raised, or why the acceptance falls short.
    public static func check(
        _ warnings: [ProgrammingWarning], accepted: [String], overrideReason: String?
    ) -> Result<[ProgrammingWarning.Code], Refusal> {
        let raised = Set(warnings.map(\.code.rawValue))
        if let index = accepted.firstIndex(where: { !raised.contains($0) }) { return .failure(.notRaised(index: index, code: accepted[index])) }
        let missing = warnings.filter { !accepted.contains($0.code.rawValue) }
        guard missing.isEmpty else { return .failure(.notAccepted(missing)) }
        var codes: [ProgrammingWarning.Code] = []
        for warning in warnings where !codes.contains(warning.code) { codes.append(warning.code) }
        let needReason = codes.filter(\.needsOverrideReason)
        if !needReason.isEmpty, (overrideReason ?? "").allSatisfy(\.isWhitespace) { return .failure(.overrideReasonRequired(needReason)) }
        return .success(codes)
    }
}
