/// A local user or group named in the profile's access lists (`"user:alice"`, `"group:pump-clinicians"`).
public enum AccessPrincipal: Hashable, Sendable, CustomStringConvertible {
    case user(String)
    case group(String)

    public var description: String {
        switch self {
        case .user(let name): "user:\(name)"
        case .group(let name): "group:\(name)"
        }
    }
}
