/// Asks the person at the terminal before a change that needs their explicit yes.
///
/// `--yes` answers for scripts. Without it, stdin must be a terminal: a piped or closed stdin
/// could answer by accident, so pumpctl refuses instead (a usage error). Only `y` or `yes`
/// (any case) confirms; anything else, an empty line or end of input declines.
public struct Confirmation: Sendable {
    /// `--yes` was given.
    public var assumeYes: Bool

    /// A confirmation that `--yes` (`assumeYes`) answers in advance.
    public init(assumeYes: Bool) { self.assumeYes = assumeYes }

    /// The outcome of asking.
    public enum Outcome: Hashable, Sendable {
        case confirmed
        case declined
        /// Nobody could be asked: stdin is not a terminal and `--yes` was not given.
        case notInteractive
    }

    /// Asks `question` on `console` (the prompt goes to stderr) unless `--yes` answered already.
    public func ask(_ question: String, on console: Console) -> Outcome {
        if assumeYes { return .confirmed }
        guard console.inputIsTerminal else { return .notInteractive }
        console.prompt("\(question) [y/N] ")
        return Self.isYes(console.readLine()) ? .confirmed : .declined
    }

    /// Asks and turns anything but a yes into the failure to exit with.
    public func require(_ question: String, on console: Console, declinedMessage: String) throws(PumpctlFailure) {
        switch ask(question, on: console) {
        case .confirmed: return
        case .declined: throw PumpctlFailure(.declined, declinedMessage)
        case .notInteractive:
            throw .usage("stdin is not a terminal, so nobody can confirm; pass --yes to go ahead without asking. \(declinedMessage)")
        }
    }

    /// Whether a typed answer means yes.
    public static func isYes(_ answer: String?) -> Bool {
        guard let answer = answer?.trimmingSpaces.lowercased() else { return false }
        return answer == "y" || answer == "yes"
    }
}
