public import PumpCore

/// Why a time given on the command line was refused. Every message ends with the accepted forms.
public enum TimeArgumentError: Error, Hashable, Sendable, CustomStringConvertible {
    /// None of the accepted forms.
    case unrecognised(text: String)
    /// A local time the clocks skip (spring forward): it never happens here.
    case nonexistentLocalTime(text: String)
    /// A local time the clocks repeat (fall back): it happens twice here.
    case ambiguousLocalTime(text: String, earlier: CivilTime, later: CivilTime)
    /// A time outside what pumpd can store (years 1677 to 2262) or a span too long to count.
    case outOfRange(text: String)

    /// The forms `TimeArgument` accepts, with examples.
    public static let acceptedForms = """
        accepted: 2026-12-04T11:00:00+01:00 or …Z (RFC 3339), 2026-12-04 11:00[:00] (local time), \
        2026-12-04 (local midnight), 11:00 (today), now, today, yesterday, tomorrow, \
        -1h or 1h ago or 24h (before now), +30min (after now), @1796374800 (Unix seconds)
        """

    public var description: String {
        let problem = switch self {
        case .unrecognised(let text): "\"\(text)\" is not a time"
        case .nonexistentLocalTime(let text):
            "\"\(text)\" does not exist in this machine's time zone (the clocks skip it for daylight saving); give the offset, e.g. RFC 3339"
        case .ambiguousLocalTime(let text, let earlier, let later):
            "\"\(text)\" happens twice in this machine's time zone (the clocks go back): write \(RFC3339.format(earlier)) or \(RFC3339.format(later))"
        case .outOfRange(let text): "\"\(text)\" is outside the times pumpd keeps (years 1678 to 2261)"
        }
        return problem + "; " + Self.acceptedForms
    }
}
