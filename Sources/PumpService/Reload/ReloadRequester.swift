import PumpCore
public import PumpStorage
public import Varlink

/// Who asked for a reload when the caller only relays it: `systemctl reload pumpd` runs
/// `pumpctl reload --from-systemd` as root (ExecReload), which finds the waiting `systemctl` and
/// names it. Accepted only from uid 0; the audit then names this process, not the relay.
public struct ReloadRequester: Sendable, Hashable {
    public var uid: UInt32
    public var pid: Int32
    /// The audit login uid (/proc/PID/loginuid); nil when unset (4294967295) or unknown.
    public var loginUID: UInt32?
    /// Its command line, arguments separated by spaces, bounded and escaped (``AuditText``):
    /// the client's text never reaches the log or journal as sent.
    public var command: String

    public init(uid: UInt32, pid: Int32, loginUID: UInt32?, command: String) {
        self.uid = uid
        self.pid = pid
        self.loginUID = loginUID
        self.command = AuditText.bounded(command)
    }

    /// The role the audit records for a requester named by a relay.
    public static let auditRole = "reload-requester"

    /// The audit's actor: the requester's uid and pid.
    public var actor: ChangeActor { ChangeActor(uid: uid, pid: pid, role: Self.auditRole) }

    /// `uid 1000 (login uid 1000) pid 4242: systemctl reload pumpd`.
    public var description: String {
        "uid \(uid)" + (loginUID.map { " (login uid \($0))" } ?? "") + " pid \(pid): \(command)"
    }

    /// `pid 420 uid 1000`: a candidate in an ambiguous finding.
    public var candidate: String { "pid \(pid) uid \(uid)" }

    /// Decodes io.pumpd.Pump's `ReloadRequester` (fields under `parameters.path`).
    public static func decode(_ parameters: VarlinkParameters) throws(VarlinkError) -> ReloadRequester {
        try parameters.rejectUnknown(allowed: ["uid", "pid", "loginUID", "command"])
        return ReloadRequester(
            uid: try parameters.required("uid", as: UInt32.self), pid: try parameters.required("pid", as: Int32.self),
            loginUID: try parameters.optional("loginUID", as: UInt32.self), command: try parameters.required("command", as: String.self))
    }
}
