/// How much of a service's connection capacity a client may use, decided from its peer
/// credentials when it connects (see ``VarlinkService/Configuration/classify``).
///
/// Capacity is nested: `standard` connections may take all but the slots reserved for `elevated`
/// and `critical` ones, `elevated` all but those reserved for `critical`, and `critical` every
/// slot. So clients of a lower priority, however many and however idle, never take the last slots
/// a higher priority needs.
public enum ConnectionPriority: Int, Sendable, Hashable, Comparable {
    case standard
    case elevated
    case critical

    public static func < (lhs: ConnectionPriority, rhs: ConnectionPriority) -> Bool { lhs.rawValue < rhs.rawValue }
}
