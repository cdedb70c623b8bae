/// A bolus repeated at a fixed interval, on top of (or instead of) the basal program.
///
/// Every field carries its unit in its type: the interval is a `TimeSpan` built with `.hours(…)`
/// or `.minutes(…)`, never a bare number.
public struct PeriodicBolus: Hashable, Sendable, Codable {
    public var dose: DrugMass
    /// How long each bolus takes to deliver.
    public var duration: TimeSpan
    /// From the start of one bolus to the start of the next.
    public var interval: TimeSpan
    /// When the first bolus starts, counted from the moment the program is committed or resumed.
    public var firstStartDelay: TimeSpan

    /// Shortest interval accepted. Protects against an interval typed in minutes where hours were
    /// meant (the 2004 recall).
    public static let minimumInterval = TimeSpan.minutes(30)

    public init(dose: DrugMass, duration: TimeSpan, interval: TimeSpan, firstStartDelay: TimeSpan = .zero) {
        self.dose = dose
        self.duration = duration
        self.interval = interval
        self.firstStartDelay = firstStartDelay
    }

    /// Boluses that can start within any window of `span` (an upper bound).
    func maximumBolusesStarting(within span: TimeSpan) -> Int64 {
        span.nanoseconds / interval.nanoseconds + 1
    }
}
