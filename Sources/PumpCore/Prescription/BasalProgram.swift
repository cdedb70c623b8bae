/// How the background (basal) dose is delivered.
public enum BasalProgram: Hashable, Sendable {
    /// No basal delivery: a periodic bolus alone carries the therapy.
    case none
    /// Simple continuous: one daily dose at a constant rate.
    case continuous(MassRate)
    /// Flex: a rate per time-of-day step, optionally per weekday.
    case flex(FlexSchedule)

    /// The daily schedule in force on `weekday`.
    public func schedule(for weekday: Weekday) -> DailySchedule {
        switch self {
        case .none: .constant(.zero)
        case .continuous(let rate): .constant(rate)
        case .flex(let flex): flex.schedule(for: weekday)
        }
    }
}

extension BasalProgram {
    /// The basal dose rate in force at local time `wall`.
    public func massRate(at wall: CivilTime) -> MassRate {
        switch self {
        case .none: return .zero
        case .continuous(let rate): return rate
        case .flex(let flex):
            let schedule = flex.schedule(for: wall.weekday)
            return schedule.steps[schedule.stepIndex(atSecond: wall.timeOfDay.secondsSinceMidnight)].rate
        }
    }

    /// The next local time after `wall` at which the rate may change: the next step start, or the
    /// next midnight (where a weekday schedule may take over).
    public func nextChange(after wall: CivilTime) -> CivilTime {
        let intoDay = wall.nanosecondsIntoDay
        if case .flex(let flex) = self {
            for step in flex.schedule(for: wall.weekday).steps {
                let start = Int64(step.start.secondsSinceMidnight) * 1_000_000_000
                if start > intoDay { return wall + .nanoseconds(start - intoDay) }
            }
        }
        return wall + .nanoseconds(TimeSpan.day.nanoseconds - intoDay)
    }
}
