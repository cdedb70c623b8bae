/// Finds what a person most likely meant by a misspelt name (`stauts` → `status`,
/// `occlusoin` → `occlusion`), for "did you mean" suggestions in every tool.
///
/// Compares case-insensitively by optimal string alignment distance (insertions, deletions,
/// substitutions and swaps of neighbours each cost 1). A candidate is offered only when it is
/// close for its length: at most 1 edit for names up to 4 characters, 2 up to 8, 3 beyond.
public enum ClosestMatch {
    /// The candidates nearest to `text` within the bound, best first (ties keep `candidates` order);
    /// empty when nothing is close.
    public static func suggestions(for text: String, among candidates: [String], limit: Int = 3) -> [String] {
        let typed = Array(text.lowercased())
        let bound = typed.count <= 4 ? 1 : typed.count <= 8 ? 2 : 3
        let scored = candidates.enumerated().compactMap { index, candidate -> (Int, Int, String)? in
            let distance = Self.distance(typed, Array(candidate.lowercased()))
            return distance <= bound ? (distance, index, candidate) : nil
        }
        return scored.sorted { ($0.0, $0.1) < ($1.0, $1.1) }.prefix(limit).map(\.2)
    }

    /// The one candidate nearest to `text`, or nil when none is close.
    public static func suggestion(for text: String, among candidates: [String]) -> String? {
        suggestions(for: text, among: candidates, limit: 1).first
    }

    /// `did you mean "x"?` / `did you mean "x" or "y"?`, or nil when nothing is close.
    public static func didYouMean(_ text: String, among candidates: [String]) -> String? {
        let found = suggestions(for: text, among: candidates, limit: 2)
        guard !found.isEmpty else { return nil }
        return "did you mean " + found.map { "\"\($0)\"" }.joined(separator: " or ") + "?"
    }

    /// Optimal string alignment distance between `a` and `b`.
    static func distance(_ a: [Character], _ b: [Character]) -> Int {
        if a.isEmpty { return b.count }
        if b.isEmpty { return a.count }
        var table = [[Int]](repeating: [Int](repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { table[i][0] = i }
        for j in 0...b.count { table[0][j] = j }
        for i in 1...a.count {
            for j in 1...b.count {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                var best = min(table[i - 1][j] + 1, table[i][j - 1] + 1, table[i - 1][j - 1] + cost)
                if i > 1, j > 1, a[i - 1] == b[j - 2], a[i - 2] == b[j - 1] {
                    best = min(best, table[i - 2][j - 2] + 1)
                }
                table[i][j] = best
            }
        }
        return table[a.count][b.count]
    }
}
