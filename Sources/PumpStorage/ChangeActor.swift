/// Who caused a change: the peer credentials of the process that asked for it and the role pumpd
/// granted that peer ("clinician", "patient", "observer", or "daemon" for pumpd's own decisions).
///
/// Named `ChangeActor` rather than `Actor` so it never shadows Swift's `Actor` protocol.
public struct ChangeActor: Sendable, Hashable {
    /// The peer's user id.
    public var uid: UInt32
    /// The peer's process id at the time of the request.
    public var pid: Int32
    /// The role pumpd granted the peer; never empty.
    public var role: String

    public init(uid: UInt32, pid: Int32, role: String) {
        self.uid = uid
        self.pid = pid
        self.role = role
    }
}
