public import PumpCore

/// A time given on the command line, read like journalctl's `--since` (see systemd.time(7)):
///
/// - `2026-12-04T11:00:00+01:00`, `…Z`, `2026-12-04 11:00:00 UTC`: that instant;
/// - `2026-12-04 11:00[:00[.5]]` (or with `T`): local time; `2026-12-04`: local midnight;
///   `11:00[:00]`: that local time today;
/// - `now`, `today`, `yesterday`, `tomorrow` (local midnight of that day);
/// - `-1h`, `1h ago` (also bare `24h`, as pumpctl always took it): before now; `+30min`: after now,
///   the span in the shared duration grammar (`1h30min`, `2d`);
/// - `@1796374800`: Unix seconds.
///
/// Local means this machine's time zone (`TZ` honoured). Around daylight-saving changes a local
/// time the clocks skip, or repeat, is refused with a typed error that names the offsets to write;
/// systemd instead lets mktime(3) pick one, which for a drug pump's records is a guess too many.
///
/// "Now" is pumpd's clock, not this machine's, so relative times mean the same on a rig whose
/// clock is accelerated or virtual; the calendar day of `today` is that instant's date here.
/// Parsing is pure: `now` and the zone are parameters of `resolved`.
public enum TimeArgument: Hashable, Sendable {
    /// A written instant (with an offset, or Unix seconds).
    case absolute(CivilTime)
    /// A local date and time, days since 1970-01-01 and nanoseconds into that day.
    case local(days: Int64, nanosecondsIntoDay: Int64)
    /// A local time on the day `days` after today (negative: before): `yesterday` is (-1, 0).
    case onDay(relativeDays: Int64, nanosecondsIntoDay: Int64)
    /// This many seconds after now (negative: before).
    case relative(seconds: Int64)

    /// Parses `text` without resolving it.
    public init(parsing text: String) throws(TimeArgumentError) {
        let trimmed = text.trimmingSpaces
        let lower = trimmed.lowercased()
        switch lower {
        case "now": self = .relative(seconds: 0); return
        case "today": self = .onDay(relativeDays: 0, nanosecondsIntoDay: 0); return
        case "yesterday": self = .onDay(relativeDays: -1, nanosecondsIntoDay: 0); return
        case "tomorrow": self = .onDay(relativeDays: 1, nanosecondsIntoDay: 0); return
        default: break
        }
        if let fields = DateTimeText.scan(trimmed) {
            self = try Self.fromFields(fields, text: trimmed)
            return
        }
        if lower.hasPrefix("@"), let seconds = Int64(lower.dropFirst()) {
            let (nanoseconds, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            guard !overflow else { throw .outOfRange(text: trimmed) }
            self = .absolute(CivilTime(unixNanoseconds: nanoseconds))
            return
        }
        self = .relative(seconds: try Self.span(lower, text: trimmed))
    }

    /// Parses `text`; a refusal is a usage failure naming the option.
    public init(parsing text: String, option: String) throws(PumpctlFailure) {
        do {
            self = try TimeArgument(parsing: text)
        } catch {
            throw .usage("\(option) \(error.description)")
        }
    }

    /// Whether resolving needs now (pumpd's clock).
    public var isRelative: Bool {
        switch self {
        case .absolute, .local: false
        case .onDay, .relative: true
        }
    }

    /// The instant, in `zone`'s offset for local forms and in `now`'s for spans. `text` is what
    /// error messages quote.
    public func resolved(now: CivilTime, zone: LocalZone, text: String) throws(TimeArgumentError) -> CivilTime {
        switch self {
        case .absolute(let time):
            return time
        case .local(let days, let nanosecondsIntoDay):
            return try Self.instant(days: days, nanosecondsIntoDay: nanosecondsIntoDay, zone: zone, text: text)
        case .onDay(let relativeDays, let nanosecondsIntoDay):
            return try Self.instant(days: zone.days(of: now) + relativeDays, nanosecondsIntoDay: nanosecondsIntoDay, zone: zone, text: text)
        case .relative(let seconds):
            let (span, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
            let (instant, later) = now.unixNanoseconds.addingReportingOverflow(span)
            guard !overflow, !later else { throw .outOfRange(text: text) }
            return CivilTime(unixNanoseconds: instant, utcOffsetSeconds: now.utcOffsetSeconds)
        }
    }

    private static func fromFields(_ fields: DateTimeText, text: String) throws(TimeArgumentError) -> TimeArgument {
        let nanosecondsIntoDay = fields.nanosecondsIntoDay ?? 0
        guard let days = fields.days else {
            // A time alone is today's; with an offset it would need a day in that offset: refused.
            guard fields.offsetSeconds == nil else { throw .unrecognised(text: text) }
            return .onDay(relativeDays: 0, nanosecondsIntoDay: nanosecondsIntoDay)
        }
        guard let offset = fields.offsetSeconds else { return .local(days: days, nanosecondsIntoDay: nanosecondsIntoDay) }
        guard fields.nanosecondsIntoDay != nil,
            let instant = DateTimeText.unixNanoseconds(days: days, nanosecondsIntoDay: nanosecondsIntoDay, offsetSeconds: offset)
        else {
            throw fields.nanosecondsIntoDay == nil ? .unrecognised(text: text) : .outOfRange(text: text)
        }
        return .absolute(CivilTime(unixNanoseconds: instant, utcOffsetSeconds: offset))
    }

    /// `-1h`, `−1h`, `+30min`, `1h ago`, `24h` as signed seconds (a bare span counts back, as
    /// before). Signs and spans are the shared grammar's (`QuantityParser.signedDuration`).
    private static func span(_ lower: String, text: String) throws(TimeArgumentError) -> Int64 {
        do {
            for suffix in [" ago", "ago"] where lower.hasSuffix(suffix) {
                let span = lower.dropLast(suffix.count)
                guard let first = span.first, first.isNumber else { throw TimeArgumentError.unrecognised(text: text) }
                return -(try QuantityParser.duration(String(span)))
            }
            guard let first = lower.first else { throw TimeArgumentError.unrecognised(text: text) }
            return first.isNumber ? -(try QuantityParser.duration(lower)) : try QuantityParser.signedDuration(lower)
        } catch let error as TimeArgumentError {
            throw error
        } catch let error as QuantityParseError {
            if case .tooLarge = error { throw .outOfRange(text: text) }
            throw .unrecognised(text: text)
        } catch {
            throw .unrecognised(text: text)
        }
    }

    private static func instant(days: Int64, nanosecondsIntoDay: Int64, zone: LocalZone, text: String) throws(TimeArgumentError) -> CivilTime {
        let instants = zone.instants(days: days, nanosecondsIntoDay: nanosecondsIntoDay)
        guard DateTimeText.unixNanoseconds(days: days, nanosecondsIntoDay: nanosecondsIntoDay, offsetSeconds: 0) != nil else {
            throw .outOfRange(text: text)
        }
        switch instants.count {
        case 1: return instants[0]
        case 0: throw .nonexistentLocalTime(text: text)
        default: throw .ambiguousLocalTime(text: text, earlier: instants[0], later: instants[instants.count - 1])
        }
    }
}
