/// "Did you mean …?" for misspelled keys and choices.
enum KeySuggestion {
    /// The candidate closest to `word` by edit distance (case-insensitive), if close enough to be
    /// a plausible typo: at most a quarter of the word's length (at least 1, at most 3) apart.
    static func closest(to word: String, among candidates: [String]) -> String? {
        let lowered = Array(word.lowercased().unicodeScalars)
        let limit = max(1, min(3, lowered.count / 4))
        var best: (candidate: String, distance: Int)?
        for candidate in candidates where candidate != word {
            let distance = editDistance(lowered, Array(candidate.lowercased().unicodeScalars))
            if distance <= limit, distance < (best?.distance ?? .max) { best = (candidate, distance) }
        }
        return best?.candidate
    }

    /// Optimal string alignment distance: insertions, deletions, substitutions and adjacent
    /// transpositions each cost 1.
    static func editDistance(_ a: [Unicode.Scalar], _ b: [Unicode.Scalar]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var previous2 = [Int](repeating: 0, count: b.count + 1)
        var previous = Array(0...b.count)
        var current = [Int](repeating: 0, count: b.count + 1)
        for i in 1...a.count {
            current[0] = i
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    current[j] = min(current[j], previous2[j - 2] + 1)
                }
            }
            (previous2, previous, current) = (previous, current, previous2)
        }
        return previous[b.count]
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
