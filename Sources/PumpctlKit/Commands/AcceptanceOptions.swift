import ArgumentParser

/// How a reviewed change is accepted: the warning codes it accepts, the reason for overriding a
/// drug-library soft limit, the new daily dose typed back, and `--yes` (which answers the final
/// question only, never a warning).
struct AcceptanceOptions: ParsableArguments {
    @Option(name: .customLong("accept"), help: ArgumentHelp("Accept these warnings of the review by code, e.g. daily-dose-increase,reservoir-low-soon (repeatable). --yes never accepts a warning.", valueName: "code[,code]"))
    var accept: [String] = []

    @Option(help: ArgumentHelp("Why a drug-library soft limit is overridden (needed to accept a soft-limit-* warning; recorded with your user).", valueName: "text"))
    var overrideReason: String?

    @Option(help: ArgumentHelp("The new daily dose typed back, e.g. 1500ug, for a daily-dose-increase or -decrease warning (else pumpctl asks for it on the terminal).", valueName: "mass"))
    var confirmDailyDose: String?

    @Flag(help: "Commit without the final question (for scripts). Warnings still need --accept.")
    var yes = false

    /// The codes `--accept` names, in order, each once.
    var acceptedCodes: [String] {
        var codes: [String] = []
        for text in accept {
            for code in text.split(separator: ",").map({ String($0).trimmingSpaces }) where !code.isEmpty && !codes.contains(code) {
                codes.append(code)
            }
        }
        return codes
    }
}
