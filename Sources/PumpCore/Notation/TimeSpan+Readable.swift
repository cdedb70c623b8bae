extension TimeSpan {
    /// The span as a person reads it: its two largest units, cut (never rounded) to whole units,
    /// e.g. `1 h 28 min`, `3 d 4 h`, `42 s`, `5.2 s` (one decimal below 10 s), `250 ms`, `-4 h 59 min`.
    ///
    /// For text people read (messages, progress, review lines). The exact value stays in the
    /// record's own fields; `description` is the exact form.
    public var readable: String {
        if nanoseconds == 0 { return "0 s" }
        let sign = nanoseconds < 0 ? "-" : ""
        let magnitude = nanoseconds.magnitude
        if magnitude < 1_000 { return "\(sign)\(magnitude) ns" }
        if magnitude < 1_000_000 { return "\(sign)\(magnitude / 1_000) µs" }
        if magnitude < 1_000_000_000 { return "\(sign)\(magnitude / 1_000_000) ms" }
        if magnitude < 10_000_000_000 { return "\(sign)\(magnitude / 1_000_000_000).\(magnitude / 100_000_000 % 10) s" }
        let units: [(UInt64, String)] = [(86_400, "d"), (3_600, "h"), (60, "min"), (1, "s")]
        var seconds = magnitude / 1_000_000_000
        var parts: [String] = []
        for (size, name) in units where parts.count < 2 {
            let count = seconds / size
            seconds %= size
            if count > 0 {
                parts.append("\(count) \(name)")
            } else if !parts.isEmpty {
                break  // `2 h` rather than `2 h 0 min`; a lower unit after a gap would mislead
            }
        }
        return sign + parts.joined(separator: " ")
    }
}
