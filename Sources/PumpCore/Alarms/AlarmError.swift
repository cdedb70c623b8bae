/// Why an alarm operation was refused.
public enum AlarmError: Error, Hashable, Sendable, CustomStringConvertible {
    case notRaised(AlarmKind)

    public var description: String {
        switch self {
        case .notRaised(let kind): "no active \(kind.rawValue) alarm to acknowledge"
        }
    }
}
