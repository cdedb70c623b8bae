import PumpCore
import PumpWire

/// Decides which warnings of a review the commit accepts, and with what reason: every warning
/// must be accepted, by `--accept` or (on a terminal, without `--yes`) by answering yes to it;
/// `--yes` alone never accepts one. A soft-limit warning also needs a reason, and a daily-dose
/// change of an order of magnitude needs the new daily dose typed back (or
/// `--confirm-daily-dose`), parsed with the one grammar and compared exactly.
struct WarningAcceptance {
    let options: AcceptanceOptions
    let console: Console
    /// The command, for messages: `program`.
    let command: String

    /// What the commit sends: the codes accepted (every warning's) and the override reason.
    struct Decision: Equatable {
        var codes: [String]
        var overrideReason: String?
    }

    /// Someone is there to ask: stdin is a terminal and `--yes` was not given.
    private var canAsk: Bool { console.inputIsTerminal && !options.yes }

    /// The decision for `warnings`; `newDailyDose` (ng) is what a type-back is compared with when
    /// a warning carries no amount.
    func decide(_ warnings: [WireWarning], newDailyDose: Int64?) throws(PumpctlFailure) -> Decision {
        let raised = warnings.map(\.code)
        let named = options.acceptedCodes
        for code in named where !raised.contains(code) {
            let hint = ClosestMatch.didYouMean(code, among: raised).map { "; \($0)" } ?? ""
            throw .usage(
                "--accept names \(code), which this review did not raise\(hint) "
                    + "(it raised \(raised.isEmpty ? "no warning" : raised.joined(separator: ", "))); nothing was committed")
        }
        let unnamed = warnings.filter { !named.contains($0.code) }
        if !unnamed.isEmpty {
            guard canAsk else { throw notAccepted(unnamed) }
            for warning in unnamed {
                // stderr, with the questions: with --json stdout carries only data.
                console.prompt("warning \(warning.code) at \(warning.field): \(warning.message)\n")
                try Confirmation(assumeYes: false).require(
                    "Accept warning \(warning.code)?", on: console, declinedMessage: "Not committed: warning \(warning.code) was not accepted.")
            }
        }
        var decision = Decision(codes: [], overrideReason: options.overrideReason?.trimmingSpaces)
        for code in raised where !decision.codes.contains(code) { decision.codes.append(code) }
        if decision.overrideReason?.isEmpty == true { decision.overrideReason = nil }
        let needReason = warnings.filter(\.needsOverrideReason).map(\.code)
        if !needReason.isEmpty && decision.overrideReason == nil {
            decision.overrideReason = try askReason(for: needReason)
        }
        if let typeBack = warnings.first(where: \.asksForTypeBack) {
            guard let expected = typeBack.amount?.actual ?? newDailyDose else {
                throw PumpctlFailure(.refused, "pumpd raised \(typeBack.code) without the new daily dose, so it cannot be typed back; nothing was committed")
            }
            try confirmDailyDose(expected, for: typeBack.code)
        }
        return decision
    }

    private func notAccepted(_ warnings: [WireWarning]) -> PumpctlFailure {
        let list = warnings.map { "  \($0.code) at \($0.field): \($0.message)" }
        let why = options.yes ? "--yes never accepts a warning" : "stdin is not a terminal, so nobody can accept them"
        return .usage(
            (["Not committed: \(warnings.count) warning\(warnings.count == 1 ? "" : "s") not accepted (\(why)):"] + list
                + ["After reading them, accept them with: \(warnings.acceptingOptions)"]).joined(separator: "\n"))
    }

    private func askReason(for codes: [String]) throws(PumpctlFailure) -> String {
        guard canAsk else {
            throw .usage("accepting \(codes.joined(separator: ", ")) overrides a drug-library soft limit: give --override-reason TEXT (recorded with your user); nothing was committed")
        }
        console.prompt("Reason for overriding the soft limit (\(codes.joined(separator: ", ")); recorded with your user): ")
        guard let reason = console.readLine()?.trimmingSpaces, !reason.isEmpty else {
            throw PumpctlFailure(.declined, "Not committed: a soft limit is overridden only with a reason.")
        }
        return reason
    }

    /// The typed daily dose must be exactly `expected` (ng per day).
    private func confirmDailyDose(_ expected: Int64, for code: String) throws(PumpctlFailure) {
        let text: String
        let fromOption = options.confirmDailyDose != nil
        if let given = options.confirmDailyDose {
            text = given
        } else {
            guard canAsk else {
                throw .usage("\(code) changes the daily dose by an order of magnitude: type the new daily dose back with --confirm-daily-dose (e.g. 500ug); nothing was committed")
            }
            console.prompt("\(code): type the new daily dose to confirm it, with its unit (e.g. 500ug): ")
            text = console.readLine() ?? ""
        }
        let typed: Int64
        do {
            typed = try QuantityParser.dailyDose(text)
        } catch {
            let message = "the daily dose typed back is not a dose: \(error); nothing was committed"
            throw fromOption ? .usage("--confirm-daily-dose \(message)") : PumpctlFailure(.declined, "Not committed: \(message)")
        }
        guard typed == expected else {
            let message = "the daily dose typed back (\(QuantityFormatter.doseRate(nanogramsPerDay: typed))) is not the new daily dose "
                + "(\(QuantityFormatter.doseRate(nanogramsPerDay: expected))); nothing was committed"
            throw fromOption ? .usage("--confirm-daily-dose: \(message)") : PumpctlFailure(.declined, "Not committed: \(message)")
        }
    }
}
