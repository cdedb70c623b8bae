/// How urgently an alarm calls for a person, in IEC 60601-1-8's three priorities; it chooses the
/// sound and light pattern (`AlarmSignalPattern`). The raw value is the API's and journal's spelling.
///
/// Priority is about annunciation only; `AlarmSeverity` still decides whether delivery stops.
public enum AlarmPriority: String, CaseIterable, Hashable, Sendable, Codable, Comparable {
    /// Immediate response needed: every critical alarm (delivery stopped).
    case high = "high"
    /// Prompt response needed: a non-critical alarm someone must act on soon (low reservoir,
    /// elective replacement, a refill discrepancy, a pump left stopped, a failed alarm system).
    case medium = "medium"
    /// Awareness: a condition that needs attention at the next visit (a degraded non-safety
    /// sensor, the reservoir's own low switch, which the volume accounting backs up).
    case low = "low"

    private var rank: Int {
        switch self {
        case .low: 0
        case .medium: 1
        case .high: 2
        }
    }

    public static func < (lhs: AlarmPriority, rhs: AlarmPriority) -> Bool { lhs.rank < rhs.rank }
}

extension AlarmKind {
    /// The annunciation priority: every critical alarm is high; a non-critical one medium, except
    /// `sensor-degraded` and `reservoir-switch-low`, which are low (the switch only repeats what
    /// the medium `reservoir-low` from the volume accounting says, and a degraded sensor is not a
    /// safety sensor).
    public var priority: AlarmPriority {
        if severity == .critical { return .high }
        switch self {
        case .sensorDegraded, .reservoirSwitchLow: return .low
        default: return .medium
        }
    }
}
