/// Where the patient stands with on-demand boluses: what the rolling 24 hours have used and
/// left, and when the next one is allowed, so nobody has to press and be refused to find out.
public struct PatientBolusStatus: Hashable, Sendable {
    /// Patient boluses started in the trailing 24 hours.
    public let used: Int
    /// How many more the rolling 24 hours allow now.
    public let left: Int
    /// Time left of the lockout after the last one (zero when over).
    public let lockoutRemaining: TimeSpan
    /// When the next is allowed (lockout over and a bolus left in the window); nil when allowed now.
    public let nextAllowedAt: CivilTime?

    public init(used: Int, left: Int, lockoutRemaining: TimeSpan, nextAllowedAt: CivilTime?) {
        self.used = used
        self.left = left
        self.lockoutRemaining = lockoutRemaining
        self.nextAllowedAt = nextAllowedAt
    }
}

extension TherapySession {
    /// The patient bolus status under the active program at the session's reading; nil when the
    /// program allows no patient bolus.
    public var patientBolusStatus: PatientBolusStatus? {
        guard let policy = prescription?.patientBolus else { return nil }
        let now = clock.monotonic
        let window = patientBolusStarts.filter { now - $0 < .day }
        let lockout = window.last.map { max(policy.lockout - (now - $0), .zero) } ?? .zero
        var wait = lockout
        if window.count >= policy.maximumPerDay, policy.maximumPerDay > 0 {
            // The oldest start that must leave the window before one is left again.
            let oldest = window[window.count - policy.maximumPerDay]
            wait = max(wait, .day - (now - oldest))
        }
        return PatientBolusStatus(
            used: window.count, left: max(policy.maximumPerDay - window.count, 0), lockoutRemaining: lockout,
            nextAllowedAt: wait > .zero ? clock.wall + wait : nil)
    }

    /// The bridge in progress: a new concentration on its way to the tip at the flow now.
    public var bridge: Bridge? {
        Bridge.ahead(of: planner.commandedPosition, in: planner.history, flow: currentRate, from: clock.wall)
    }

    /// Dates of the low-reservoir alarm and of empty under the current program with no patient
    /// bolus taken (the expected case; `forecast` is the worst case); empty when stopped or not
    /// programmed.
    public var expectedForecast: ReservoirForecast {
        guard let prescription, mode != .stopped(.clinician), mode != .stopped(.alarm) else { return ReservoirForecast() }
        return summary(of: prescription)?.expectedForecast ?? ReservoirForecast()
    }
}
