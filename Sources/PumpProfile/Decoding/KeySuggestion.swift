import PumpCore

/// "Did you mean …?" for misspelled keys and choices.
enum KeySuggestion {
    /// The candidate closest to `word` (the shared `ClosestMatch`), if close enough to be a
    /// plausible typo.
    static func closest(to word: String, among candidates: [String]) -> String? {
        ClosestMatch.suggestion(for: word, among: candidates.filter { $0 != word })
    }

    static let unitWords: [String: String] = [
        "pl": "picolitres", "nl": "nanolitres", "ul": "microlitres", "ml": "millilitres",
        "ns": "nanoseconds", "us": "microseconds", "ms": "milliseconds", "s": "seconds",
        "mv": "millivolts", "v": "volts", "pa": "pascals", "kpa": "kilopascals",
    ]

    /// When `word` and `suggestion` differ only in a unit word (`step_volume_nl` for
    /// `step_volume_pl`), the unit the profile expects, so the message can warn that the value
    /// needs converting rather than just renaming.
    static func unitDifference(_ word: String, _ suggestion: String) -> String? {
        let written = word.lowercased().split(separator: "_")
        let expected = suggestion.split(separator: "_")
        guard written.count == expected.count else { return nil }
        let differing = zip(written, expected).filter { $0 != $1 }
        guard differing.count == 1, let (typed, wanted) = differing.first,
              unitWords[String(typed)] != nil, let unit = unitWords[String(wanted)] else { return nil }
        return unit
    }
}
