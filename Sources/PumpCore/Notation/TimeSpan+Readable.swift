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
        return sign + Self.twoLargestUnits(ofSeconds: magnitude / 1_000_000_000)
    }

    /// The largest non-zero unit of `seconds` and the next one when it is not zero: `2 h` rather
    /// than `2 h 0 min` (a lower unit after a gap would mislead). Plain branches, no table: a
    /// table of tuples has its type metadata built at first use, on the daemon's start path.
    private static func twoLargestUnits(ofSeconds seconds: UInt64) -> String {
        let days = seconds / 86_400, hours = seconds / 3_600 % 24, minutes = seconds / 60 % 60, rest = seconds % 60
        if days > 0 { return hours > 0 ? "\(days) d \(hours) h" : "\(days) d" }
        if hours > 0 { return minutes > 0 ? "\(hours) h \(minutes) min" : "\(hours) h" }
        if minutes > 0 { return rest > 0 ? "\(minutes) min \(rest) s" : "\(minutes) min" }
        return "\(rest) s"
    }
}
