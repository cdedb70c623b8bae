/// How an alarm affects delivery. The raw value is the one spelling used everywhere: the API
/// (`critical`, `non_critical`), the event log, the alarm history and the journal.
public enum AlarmSeverity: String, Hashable, Sendable, Codable, Comparable {
    /// Delivery continues; the alarm informs (low reservoir, elective replacement, degraded sensor).
    case nonCritical = "non_critical"
    /// Delivery stops at once and stays stopped until the alarm is acknowledged, its cause is gone,
    /// and delivery is resumed.
    case critical = "critical"

    /// A severity as any build stored it: builds before one spelling wrote `non-critical`.
    public init?(stored: String) { self.init(rawValue: stored == "non-critical" ? "non_critical" : stored) }

    public static func < (lhs: AlarmSeverity, rhs: AlarmSeverity) -> Bool { lhs == .nonCritical && rhs == .critical }
}
