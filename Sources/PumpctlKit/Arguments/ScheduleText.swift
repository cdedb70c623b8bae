public import PumpCore

/// A daily basal schedule written the way people write it, one grammar for the command line
/// (`--flex`, `--flex-on`) and prescription files: steps `START=RATE` separated by commas, start a
/// local `HH:MM` (or `HH:MM:SS`), rate a dose rate in the one unit grammar (`QuantityParser`):
/// `00:00=400ug/day, 08:00=600ug/day`. A weekday's schedule is `DAY=STEPS`:
/// `saturday=00:00=300ug/day,12:00=500ug/day`.
///
/// Only the notation is checked here; the shape (first step at midnight, ascending, at most 24
/// steps) and the dose envelope are pumpd's validation, which names the step by its path.
public enum ScheduleText {
    /// The schedule `text` writes; the error names the token and what was expected.
    public static func parse(_ text: String) throws(ScheduleTextError) -> DailySchedule {
        let tokens = text.split(separator: ",", omittingEmptySubsequences: false).map { String($0).trimmingSpaces }
        guard !(tokens.count == 1 && tokens[0].isEmpty) else { throw .empty }
        var steps: [FlexStep] = []
        for (index, token) in tokens.enumerated() {
            let step = index + 1
            guard !token.isEmpty else { throw .emptyStep(step: step) }
            guard let equals = token.firstIndex(of: "=") else { throw .missingEquals(token: token, step: step) }
            let start = token[..<equals].trimmingSpaces
            let rate = token[token.index(after: equals)...].trimmingSpaces
            guard let time = TimeOfDay(parsing: start) else { throw .badStart(token: token, start: start, step: step) }
            do {
                steps.append(FlexStep(start: time, rate: MassRate(nanogramsPerDay: try QuantityParser.doseRate(rate))))
            } catch {
                throw .badRate(token: token, step: step, reason: error)
            }
        }
        return DailySchedule(steps: steps)
    }

    /// `DAY=STEPS` as the weekday and its schedule; the day in any case, a misspelling refused
    /// with a suggestion.
    public static func parseWeekday(_ text: String) throws(ScheduleTextError) -> (Weekday, DailySchedule) {
        guard let equals = text.firstIndex(of: "=") else { throw .missingWeekday(text: text) }
        let name = text[..<equals].trimmingSpaces
        guard let day = weekday(named: name) else { throw .unknownWeekday(name: name) }
        return (day, try parse(String(text[text.index(after: equals)...])))
    }

    /// The weekday called `name` (`monday`, `Monday`), nil when none is.
    public static func weekday(named name: String) -> Weekday? {
        NameSpelling.resolve(name, among: weekdayNames).flatMap { resolved in Weekday.allCases.first { $0.codingName == resolved } }
    }

    /// `monday` … `sunday`.
    public static let weekdayNames = Weekday.allCases.map(\.codingName)

    /// `00:00=400 µg/day, 08:00=600 µg/day`: exact (the formatter never rounds), so it parses
    /// back to the same schedule.
    public static func text(_ schedule: DailySchedule) -> String {
        schedule.steps.map { "\($0.start)=\(QuantityFormatter.doseRate(nanogramsPerDay: $0.rate.nanogramsPerDay))" }.joined(separator: ", ")
    }
}

/// Why a schedule's text could not be read: which token, and what was expected there.
public enum ScheduleTextError: Error, Hashable, Sendable, CustomStringConvertible {
    case empty
    case emptyStep(step: Int)
    case missingEquals(token: String, step: Int)
    case badStart(token: String, start: String, step: Int)
    case badRate(token: String, step: Int, reason: QuantityParseError)
    case missingWeekday(text: String)
    case unknownWeekday(name: String)

    public var description: String {
        switch self {
        case .empty:
            "no steps given: write START=RATE steps separated by commas, e.g. 00:00=400ug/day,08:00=600ug/day"
        case .emptyStep(let step):
            "step \(step) is empty (two commas in a row, or one at the end): write START=RATE, e.g. 08:00=600ug/day"
        case .missingEquals(let token, let step):
            "step \(step) \"\(token)\" has no \"=\": expected START=RATE, e.g. 08:00=600ug/day"
        case .badStart(let token, let start, let step):
            "step \(step) \"\(token)\": start \"\(start)\" is not a time of day: expected HH:MM or HH:MM:SS (00:00 to 23:59:59), e.g. 08:00"
        case .badRate(let token, let step, let reason):
            "step \(step) \"\(token)\": \(reason)"
        case .missingWeekday(let text):
            "\"\(text)\" names no weekday: expected DAY=START=RATE,…, e.g. saturday=00:00=300ug/day,12:00=500ug/day"
        case .unknownWeekday(let name):
            "\"\(name)\" is not a weekday"
                + (ClosestMatch.didYouMean(name, among: ScheduleText.weekdayNames).map { ": \($0)" } ?? "")
                + " (the days are \(ScheduleText.weekdayNames.joined(separator: ", ")))"
        }
    }
}
