#if canImport(Glibc)
import Glibc
#endif

/// Why a ``VarlinkService`` could not be set up or start listening.
public enum VarlinkServiceError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The configuration or interface list is unusable; says why.
    case invalidConfiguration(String)
    /// Something other than a socket exists at the path; it is never removed.
    case pathOccupied(path: String, fileType: String)
    /// A socket at the path accepts connections: another service is running there.
    case socketInUse(path: String)
    /// A system call on the socket path failed.
    case socketPathFailed(path: String, call: String, errno: Int32)
    /// Binding or listening failed; carries the underlying error's text.
    case bindFailed(path: String, reason: String)
    /// The descriptor could not be served; says why.
    case adoptFailed(descriptor: Int32, reason: String)
    /// The service was shut down.
    case shutDown

    public var description: String {
        switch self {
        case .invalidConfiguration(let reason): "invalid Varlink service configuration: \(reason)"
        case .pathOccupied(let path, let type): "\(path) exists and is a \(type), not a socket; not replacing it"
        case .socketInUse(let path): "a service is already listening on \(path)"
        case .socketPathFailed(let path, let call, let code):
            "\(call) \(path) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .bindFailed(let path, let reason): "cannot listen on \(path): \(reason)"
        case .adoptFailed(let descriptor, let reason): "cannot serve descriptor \(descriptor): \(reason)"
        case .shutDown: "the service has been shut down"
        }
    }
}
