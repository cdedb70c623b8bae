/// Who is on the other end of a connection, as the kernel saw it when the client connected
/// (`SO_PEERCRED`): use it to authorise calls.
public struct PeerCredentials: Sendable, Hashable, CustomStringConvertible {
    public var pid: Int32
    public var uid: UInt32
    public var gid: UInt32

    public init(pid: Int32, uid: UInt32, gid: UInt32) {
        self.pid = pid
        self.uid = uid
        self.gid = gid
    }

    /// `pid 123 uid 1000 gid 1000`.
    public var description: String { "pid \(pid) uid \(uid) gid \(gid)" }
}

/// The layout of Linux's `struct ucred`, which Glibc only declares under `_GNU_SOURCE` and so is not
/// visible from Swift: pid, uid, gid, 4 bytes each.
struct UcredMirror: Sendable {
    var pid: Int32 = 0
    var uid: UInt32 = 0
    var gid: UInt32 = 0
}
