/// A basal program flattened into one week of change points: at each second of the week (Monday
/// 00:00 local = 0) where the dose rate changes, the new rate in nanograms per day.
///
/// Used by the overinfusion guard and the validator to integrate a program exactly over any span
/// of local time. Deliberately built and searched differently from the planner's day-by-day
/// schedule lookup, so the guard does not share the planner's code path.
public struct WeeklyRateProfile: Hashable, Sendable {
    static var secondsPerWeek: Int64 { 7 * 86_400 }
    static var nanosecondsPerWeek: Int128 { 604_800_000_000_000 }  // literals: read at every integral, where a lazy global costs a `swift_once`

    /// Change points in ascending second-of-week order; the first is at second 0.
    let changes: [(second: Int64, rate: Int64)]

    public static func == (lhs: WeeklyRateProfile, rhs: WeeklyRateProfile) -> Bool {
        lhs.changes.elementsEqual(rhs.changes) { $0.second == $1.second && $0.rate == $1.rate }
    }

    public func hash(into hasher: inout Hasher) {
        for change in changes { hasher.combine(change.second); hasher.combine(change.rate) }
    }

    public init(_ program: BasalProgram) {
        var changes: [(second: Int64, rate: Int64)] = []
        for day in Weekday.allCases {
            for step in program.schedule(for: day).steps {
                let second = Int64(day.rawValue - 1) * 86_400 + Int64(step.start.secondsSinceMidnight)
                if changes.last?.rate == step.rate.nanogramsPerDay { continue }
                changes.append((second, step.rate.nanogramsPerDay))
            }
        }
        if changes.first?.second != 0 { changes.insert((0, changes.last?.rate ?? 0), at: 0) }
        self.changes = changes
    }

    /// The highest rate anywhere in the week, ng/day.
    public var peakRate: Int64 { changes.map(\.rate).max() ?? 0 }

    /// The exact integral of the rate over `span` nanoseconds of local time starting at local
    /// nanoseconds-since-epoch `start`, in (ng/day) × ns. Divide by nanoseconds per day for ng.
    public func integral(fromLocal start: Int64, nanoseconds span: Int64) -> Int128 {
        guard span > 0 else { return 0 }
        // 1970-01-01 was a Thursday: shift so that 0 is a Monday 00:00.
        let mondayOffset = Int128(3 * 86_400) * 1_000_000_000
        var position = ((Int128(start) + mondayOffset) % Self.nanosecondsPerWeek + Self.nanosecondsPerWeek) % Self.nanosecondsPerWeek
        var remaining = Int128(span)
        var total: Int128 = 0
        var index = changeIndex(atNanosecond: position)
        while remaining > 0 {
            let nextChange = index + 1 < changes.count ? Int128(changes[index + 1].second) * 1_000_000_000 : Self.nanosecondsPerWeek
            let slice = min(remaining, nextChange - position)
            total += Int128(changes[index].rate) * slice
            remaining -= slice
            position += slice
            if position == Self.nanosecondsPerWeek { position = 0; index = 0 } else if position == nextChange { index += 1 }
        }
        return total
    }

    /// Binary search for the change in force at `nanosecond` of the week.
    private func changeIndex(atNanosecond nanosecond: Int128) -> Int {
        var low = 0, high = changes.count - 1
        while low < high {
            let mid = (low + high + 1) / 2
            if Int128(changes[mid].second) * 1_000_000_000 <= nanosecond { low = mid } else { high = mid - 1 }
        }
        return low
    }

    /// Local-time start instants (second of week) of every change, for window searches.
    var changeSeconds: [Int64] { changes.map(\.second) }
}
