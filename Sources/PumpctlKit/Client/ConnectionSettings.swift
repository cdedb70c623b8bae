/// Where pumpd listens and how long to wait for it.
public struct ConnectionSettings: Hashable, Sendable {
    /// The default control socket.
    public static let defaultSocket = "/run/pumpd/control.sock"
    /// The environment variable that overrides the default socket.
    public static let socketVariable = "PUMPD_SOCKET"

    /// A socket path, or `unix:PATH`.
    public var socket: String
    /// The longest wait for a reply (for a stream: for its first reply).
    public var timeout: Duration

    /// Settings for the socket at `socket`, waiting at most `timeout` for a reply.
    public init(socket: String, timeout: Duration) {
        self.socket = socket
        self.timeout = timeout
    }
}
