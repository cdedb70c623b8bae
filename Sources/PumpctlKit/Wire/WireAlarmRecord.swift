public import Varlink

/// `AlarmRecord`: an alarm in the history.
public struct WireAlarmRecord: WireRecord, Hashable {
    public var kind: String
    public var severity: String
    public var raisedAt: String
    public var evidence: String
    public var clearedAt: String?
    public var acknowledgedAt: String?
    public var acknowledgedBy: WireCaller?

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        kind = try fields.required("kind")
        severity = try fields.required("severity")
        raisedAt = try fields.required("raisedAt")
        evidence = try fields.required("evidence")
        clearedAt = try fields.optional("clearedAt")
        acknowledgedAt = try fields.optional("acknowledgedAt")
        acknowledgedBy = try fields.optional("acknowledgedBy")
    }
}
