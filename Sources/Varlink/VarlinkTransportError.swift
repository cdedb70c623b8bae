#if canImport(Glibc)
import Glibc
#endif

/// Why the blocking client could not complete an exchange with the service (as opposed to the
/// service answering with a ``VarlinkError``).
///
/// After any transport error except `invalidAddress` and a failed connect the connection is closed:
/// its framing can no longer be trusted.
public enum VarlinkTransportError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The address is not a socket path, `unix:PATH` or `@abstract` name, or is too long for
    /// `sockaddr_un`.
    case invalidAddress(String)
    /// A system call failed; carries its name and `errno`.
    case systemCallFailed(String, errno: Int32)
    /// The service closed (or reset) the connection, while sending or before a reply was complete.
    case connectionClosed
    /// No bytes arrived within the receive timeout.
    case timedOut
    /// A reply grew beyond the client's `maxMessageBytes` without its terminating NUL.
    case replyTooLarge(limitBytes: Int)
    /// A reply that is not valid Varlink.
    case malformedReply(VarlinkMessageError)
    /// The service sent `continues: true` to a call made without `more`.
    case unexpectedContinues
    /// The connection was closed by `close()`, by a stopped stream or by an earlier transport error.
    case notConnected

    public var description: String {
        switch self {
        case .invalidAddress(let address): "invalid Varlink address \"\(address)\""
        case .systemCallFailed(let call, let code): "\(call) failed: \(String(cString: strerror(code))) (errno \(code))"
        case .connectionClosed: "the service closed the connection"
        case .timedOut: "no reply within the receive timeout"
        case .replyTooLarge(let limit): "reply longer than \(limit) bytes"
        case .malformedReply(let error): "malformed reply: \(error)"
        case .unexpectedContinues: "the service sent several replies to a call made without more"
        case .notConnected: "the connection is closed"
        }
    }
}
