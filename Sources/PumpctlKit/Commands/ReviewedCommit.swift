import PumpCore
import PumpWire
import Varlink

/// Every change goes the same way: pumpd validates and reviews it (nothing changes), pumpctl shows
/// the review and its warnings, every warning is accepted (`WarningAcceptance`), the person
/// confirms (or `--yes`), and the commit carries the review's token, the accepted codes and the
/// override reason.
struct ReviewedCommit {
    /// What is committed, for the question: `program`, `refill`, `first fill`.
    let noun: String
    /// What the refusal to commit leaves as it was: `the active program is unchanged`.
    let unchanged: String
    let acceptance: AcceptanceOptions

    /// Validates with `validate`, shows the review (`show` prints the rows; the warnings and the
    /// token's lifetime follow), decides, confirms and commits with `commit`; returns its reply.
    func run(
        validate: String, commit: String, _ parameters: JSONObject, in context: CommandContext, show: (Reply) throws -> Void
    ) throws -> Reply {
        let review = try context.call(validate, parameters)
        let token = try review.required("token", as: String.self)
        let warnings = try review.optional("warnings", as: [WireWarning].self) ?? []
        if context.json {
            context.emitJSON(review.parameters)
        } else {
            try show(review)
            WarningList(warnings, palette: context.palette).lines.forEach(context.console.line)
            if let expiresIn = try review.optional("expiresIn", as: Int64.self) {
                context.console.line("this review is valid for \(QuantityFormatter.duration(seconds: expiresIn))")
            }
        }
        let newDailyDose = (try? review.optional("new", as: WireProgramSummary.self))?.basalDailyDoseMax
        let decision = try WarningAcceptance(options: acceptance, console: context.console, command: noun).decide(warnings, newDailyDose: newDailyDose)
        try Confirmation(assumeYes: acceptance.yes).require("Commit this \(noun)?", on: context.console, declinedMessage: "Not committed: \(unchanged).")
        var commitParameters = parameters
        commitParameters["token"] = .string(token)
        if !decision.codes.isEmpty { commitParameters["acceptWarnings"] = .array(decision.codes.map { .string($0) }) }
        if let reason = decision.overrideReason { commitParameters["overrideReason"] = .string(reason) }
        return try context.call(commit, commitParameters)
    }
}
