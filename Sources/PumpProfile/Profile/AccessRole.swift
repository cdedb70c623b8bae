/// What a client of the daemon may do; each role includes the ones below it.
public enum AccessRole: Int, CaseIterable, Hashable, Sendable, Comparable, CustomStringConvertible {
    /// Read status, history and alarms.
    case observer
    /// Also a patient-activated bolus within the program's policy, and acknowledging non-critical
    /// alarms (the patient, or the person at the bench).
    case `operator`
    /// Everything: program, refill, prime, calibrate, single boluses, stop, resume, acknowledge
    /// critical alarms (the clinician; "clinician" in the API).
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

extension AccessRole {
    /// The role's name in the API (status' `callerRole`, an event's `caller.role`, permission
    /// errors): observer, operator, clinician.
    public var apiName: String {
        switch self {
        case .observer: "observer"
        case .operator: "operator"
        case .programmer: "clinician"
        }
    }

    /// Every role's name in the API, lowest first: what a client may expect a caller's role to be.
    public static let apiNames: [String] = allCases.map(\.apiName)
}
