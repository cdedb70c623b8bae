/// What a client of the daemon may do; each role includes the ones below it.
public enum AccessRole: Int, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Read status, history and alarms.
    case observer
    /// Also acknowledge alarms, start and stop delivery, record refills.
    case `operator`
    /// Also program prescriptions (the clinician).
    case programmer

    public static func < (lhs: AccessRole, rhs: AccessRole) -> Bool { lhs.rawValue < rhs.rawValue }

    public var description: String {
        switch self {
        case .observer: "observer"
        case .operator: "operator"
        case .programmer: "programmer"
        }
    }
}
