/// The overinfusion guard's own view of the basal program: the highest dose rate in force during
/// each minute of the week, in nanograms per day.
///
/// Built once per program, independently of the planner's schedule lookup, so that a bug in the
/// planner's step search cannot hide from the guard. Taking the maximum within each minute makes
/// every lookup an upper bound.
struct WeeklyRateTable: Sendable {
    static let minutesPerWeek = 7 * 1440
    private var rates: [Int64]
    let peak: Int64

    init(_ program: BasalProgram) {
        var rates = [Int64](repeating: 0, count: Self.minutesPerWeek)
        for day in Weekday.allCases {
            let steps = program.schedule(for: day).steps
            for (i, step) in steps.enumerated() {
                let first = Int(step.start.secondsSinceMidnight) / 60
                let endSecond = i + 1 < steps.count ? Int(steps[i + 1].start.secondsSinceMidnight) : 86_400
                let last = (endSecond - 1) / 60
                for minute in first...last {
                    let slot = (day.rawValue - 1) * 1440 + minute
                    rates[slot] = max(rates[slot], step.rate.nanogramsPerDay)
                }
            }
        }
        self.rates = rates
        self.peak = rates.max() ?? 0
    }

    /// The highest rate in force at any local time in `[from, through]`.
    func maximumRate(from: CivilTime, through: CivilTime) -> Int64 {
        let first = Self.minuteOfWeek(from), span = (through.localNanoseconds - from.localNanoseconds) / 60_000_000_000
        guard span < Int64(Self.minutesPerWeek) else { return peak }
        var highest: Int64 = 0
        for offset in 0...Int(max(span, 0)) + 1 {
            highest = max(highest, rates[(first + offset) % Self.minutesPerWeek])
        }
        return highest
    }

    private static func minuteOfWeek(_ time: CivilTime) -> Int {
        (time.weekday.rawValue - 1) * 1440 + Int(time.nanosecondsIntoDay / 60_000_000_000)
    }
}
