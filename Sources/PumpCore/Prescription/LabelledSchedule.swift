/// One daily schedule of a basal program with its name for people (`every day`, `monday`,
/// `continuous`) and its path in the request as sent (`basal.flex.everyDay`,
/// `basal.flex.byWeekday.monday`; a continuous basal is `basal` with one rate, `basal.rate`).
public struct LabelledSchedule: Hashable, Sendable {
    public let label: String
    /// The schedule's path in the request; for a continuous basal, `basal`.
    public let path: String
    public let schedule: DailySchedule
    /// A continuous basal: one rate all day, sent as `basal.rate`, no steps on the wire.
    public let isContinuous: Bool

    /// The path of the steps list, e.g. `basal.flex.everyDay.steps`.
    public var stepsPath: String { isContinuous ? "basal.rate" : "\(path).steps" }
    /// The path of step `index`'s rate, e.g. `basal.flex.everyDay.steps[1].rate` or `basal.rate`.
    public func ratePath(_ index: Int) -> String { isContinuous ? "basal.rate" : "\(path).steps[\(index)].rate" }
    /// The path of step `index`'s start, e.g. `basal.flex.byWeekday.monday.steps[0].start`.
    public func startPath(_ index: Int) -> String { isContinuous ? "basal.rate" : "\(path).steps[\(index)].start" }
}

extension BasalProgram {
    /// Every schedule the request sends, in request order (every day, then Monday … Sunday); none
    /// for a program without a basal.
    public var labelledSchedules: [LabelledSchedule] {
        switch self {
        case .none: []
        case .continuous(let rate):
            [LabelledSchedule(label: "continuous", path: "basal", schedule: .constant(rate), isContinuous: true)]
        case .flex(let flex):
            [LabelledSchedule(label: "every day", path: "basal.flex.everyDay", schedule: flex.everyDay, isContinuous: false)]
                + Weekday.allCases.compactMap { day in
                    flex.byWeekday[day].map {
                        LabelledSchedule(label: day.codingName, path: "basal.flex.byWeekday.\(day.codingName)", schedule: $0, isContinuous: false)
                    }
                }
        }
    }
}
