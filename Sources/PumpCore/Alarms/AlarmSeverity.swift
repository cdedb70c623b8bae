/// How an alarm affects delivery.
public enum AlarmSeverity: String, Hashable, Sendable, Codable, Comparable {
    /// Delivery continues; the alarm informs (low reservoir, elective replacement, degraded sensor).
    case nonCritical = "non-critical"
    /// Delivery stops at once and stays stopped until the alarm is acknowledged, its cause is gone,
    /// and delivery is resumed.
    case critical = "critical"

    public static func < (lhs: AlarmSeverity, rhs: AlarmSeverity) -> Bool { lhs == .nonCritical && rhs == .critical }
}
