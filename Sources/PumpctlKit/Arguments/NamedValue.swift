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
        if names.contains(text) { return text }
        let key = Self.folded(text)
        if let match = names.first(where: { Self.folded($0) == key }) { return match }
        let hint = ClosestMatch.didYouMean(text, among: names).map { ": \($0)" } ?? ""
        throw .usage("unknown \(what) \"\(text)\"\(hint) (the \(what)s are \(names.joined(separator: ", ")))")
    }

    private static func folded(_ text: String) -> String {
        String(text.lowercased().filter { $0 != "-" && $0 != "_" })
    }
}
