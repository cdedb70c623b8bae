/// What a patient (or operator) may give on demand: a fixed dose over a fixed duration, no sooner
/// than `lockout` after the previous one started, and at most `maximumPerDay` within any rolling
/// 24 hours.
public struct PatientBolusPolicy: Hashable, Sendable, Codable {
    public var dose: DrugMass
    public var duration: TimeSpan
    public var lockout: TimeSpan
    public var maximumPerDay: Int

    public init(dose: DrugMass, duration: TimeSpan, lockout: TimeSpan, maximumPerDay: Int) {
        self.dose = dose
        self.duration = duration
        self.lockout = lockout
        self.maximumPerDay = maximumPerDay
    }

    /// Boluses that can start within any window of `span`, given the lockout and the daily cap.
    func maximumBolusesStarting(within span: TimeSpan) -> Int64 {
        min(Int64(maximumPerDay), span.nanoseconds / lockout.nanoseconds + 1)
    }
}
