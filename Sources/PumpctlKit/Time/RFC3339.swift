public import PumpCore

/// Reads RFC 3339 times as pumpd writes them: `2026-11-21T08:30:00+01:00`, `…Z`, optional
/// fractional seconds (to the nanosecond), `t` or a space for `T`.
public enum RFC3339 {
    /// The instant and its UTC offset; nil for anything else (including impossible dates, a
    /// missing offset or missing seconds).
    public static func parse(_ text: String) -> CivilTime? {
        guard let fields = DateTimeText.scan(text.trimmingSpaces), let days = fields.days,
            let nanosecondsIntoDay = fields.nanosecondsIntoDay, fields.hasSeconds, fields.offsetIsStrict,
            let offset = fields.offsetSeconds,
            let instant = DateTimeText.unixNanoseconds(days: days, nanosecondsIntoDay: nanosecondsIntoDay, offsetSeconds: offset)
        else { return nil }
        return CivilTime(unixNanoseconds: instant, utcOffsetSeconds: offset)
    }

    /// `2026-11-21T08:30:00+01:00` (whole seconds, the time's own offset).
    public static func format(_ time: CivilTime) -> String { time.description }
}
