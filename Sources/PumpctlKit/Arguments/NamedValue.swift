import PumpCore

/// A value that must be one of a known set of names (an alarm kind, an event kind), read the
/// way people type it: any case, with or without `-` and `_` (`Occlusion`, `motor_stall`,
/// `alarm-raised`), and a misspelling refused with a suggestion and the names there are.
struct NamedValue {
    /// What the names are, for messages: `alarm kind`.
    let what: String
    /// The names exactly as pumpd spells them.
    let names: [String]

    /// The name `text` means, as pumpd spells it.
    func resolve(_ text: String) throws(PumpctlFailure) -> String {
        if let match = NameSpelling.resolve(text, among: names) { return match }
        let hint = ClosestMatch.didYouMean(text, among: names).map { ": \($0)" } ?? ""
        throw .usage("unknown \(what) \"\(text)\"\(hint) (the \(what)s are \(names.joined(separator: ", ")))")
    }
}
