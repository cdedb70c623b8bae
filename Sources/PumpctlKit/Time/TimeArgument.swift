public import PumpCore

/// A time given on the command line: RFC 3339 (`2026-11-21T08:30:00+01:00`), or a span before
/// now (`24h`, `7d`, `1h30min`, also written `-24h` or `24h ago`), or `now`.
///
/// Relative times are resolved against pumpd's clock, not this machine's, so they mean the same
/// on a rig whose clock is accelerated or virtual.
public enum TimeArgument: Hashable, Sendable {
    case absolute(CivilTime)
    /// This many seconds before now.
    case ago(seconds: Int64)

    /// Parses `text`; throws a usage failure naming the option.
    public init(parsing text: String, option: String) throws(PumpctlFailure) {
        let trimmed = text.trimmingSpaces
        if let time = RFC3339.parse(trimmed) {
            self = .absolute(time)
            return
        }
        if trimmed.lowercased() == "now" {
            self = .ago(seconds: 0)
            return
        }
        var span = Substring(trimmed)
        if span.hasPrefix("-") { span = span.dropFirst() }
        if span.lowercased().hasSuffix(" ago") { span = span.dropLast(4) }
        guard let seconds = try? QuantityParser.duration(String(span)) else {
            throw .usage("\(option) \"\(text)\" is neither an RFC 3339 time (2026-11-21T08:30:00+01:00) nor a span before now (24h, 7d, 90min)")
        }
        self = .ago(seconds: seconds)
    }

    /// Whether resolving needs the daemon's clock.
    public var isRelative: Bool {
        if case .ago = self { true } else { false }
    }

    /// The time itself, or `now` minus the span (in `now`'s offset).
    public func resolved(now: CivilTime) -> CivilTime {
        switch self {
        case .absolute(let time): time
        case .ago(let seconds): now + .seconds(-seconds)
        }
    }
}
