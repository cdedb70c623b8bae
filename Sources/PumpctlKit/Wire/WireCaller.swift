public import Varlink

/// `Caller`: who made a call, by credentials and role.
public struct WireCaller: WireRecord, Hashable {
    public var uid: Int64
    public var pid: Int64
    public var role: String

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        uid = try fields.required("uid")
        pid = try fields.required("pid")
        role = try fields.required("role")
    }

    /// `clinician (uid 1000, pid 4242)`.
    public var text: String { "\(role) (uid \(uid), pid \(pid))" }
}
