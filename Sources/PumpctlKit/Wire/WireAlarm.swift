public import Varlink

/// `Alarm`: an active alarm.
public struct WireAlarm: WireRecord, Hashable {
    public var kind: String
    /// critical or non_critical.
    public var severity: String
    public var raisedAt: String
    public var evidence: String
    public var causePresent: Bool
    public var acknowledgedAt: String?
    public var causeClearedAt: String?
    public var clearCondition: String

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        kind = try fields.required("kind")
        severity = try fields.required("severity")
        raisedAt = try fields.required("raisedAt")
        evidence = try fields.required("evidence")
        causePresent = try fields.required("causePresent")
        acknowledgedAt = try fields.optional("acknowledgedAt")
        causeClearedAt = try fields.optional("causeClearedAt")
        clearCondition = try fields.required("clearCondition")
    }

    /// `critical` or `non-critical`.
    public var severityText: String { severity.replacingUnderscores }

    /// Where the alarm stands: `cause present, not acknowledged`.
    public var stateText: String {
        let cause = causePresent ? "cause present" : "cause cleared\(causeClearedAt.map { " \($0)" } ?? "")"
        let acknowledged = acknowledgedAt.map { "acknowledged \($0)" } ?? "not acknowledged"
        return "\(cause), \(acknowledged)"
    }
}

extension String {
    /// `non_critical` → `non-critical`.
    var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}
