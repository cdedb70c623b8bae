/// A basal schedule by local time of day, the same every day or different per weekday.
public struct FlexSchedule: Hashable, Sendable {
    /// The schedule for days that have no weekday-specific one.
    public var everyDay: DailySchedule
    /// Weekday-specific schedules that replace `everyDay` on their day.
    public var byWeekday: [Weekday: DailySchedule]

    public init(everyDay: DailySchedule, byWeekday: [Weekday: DailySchedule] = [:]) {
        self.everyDay = everyDay
        self.byWeekday = byWeekday
    }

    public func schedule(for weekday: Weekday) -> DailySchedule { byWeekday[weekday] ?? everyDay }
}
