/// `Alarm`: a live alarm.
public struct WireAlarm: Codable, Sendable, Hashable {
    public var kind: String
    /// critical or non_critical.
    public var severity: String
    public var raisedAt: String
    public var evidence: String
    public var causePresent: Bool
    public var acknowledgedAt: String?
    public var causeClearedAt: String?
    public var clearCondition: String

    public init(
        kind: String, severity: String, raisedAt: String, evidence: String, causePresent: Bool, acknowledgedAt: String?,
        causeClearedAt: String?, clearCondition: String
    ) {
        self.kind = kind
        self.severity = severity
        self.raisedAt = raisedAt
        self.evidence = evidence
        self.causePresent = causePresent
        self.acknowledgedAt = acknowledgedAt
        self.causeClearedAt = causeClearedAt
        self.clearCondition = clearCondition
    }
}

/// `AlarmRecord`: an alarm in the history, open until its cause cleared and it was acknowledged.
public struct WireAlarmRecord: Codable, Sendable, Hashable {
    public var kind: String
    public var severity: String
    public var raisedAt: String
    public var evidence: String
    public var clearedAt: String?
    public var acknowledgedAt: String?
    public var acknowledgedBy: WireCaller?

    public init(
        kind: String, severity: String, raisedAt: String, evidence: String, clearedAt: String?, acknowledgedAt: String?,
        acknowledgedBy: WireCaller?
    ) {
        self.kind = kind
        self.severity = severity
        self.raisedAt = raisedAt
        self.evidence = evidence
        self.clearedAt = clearedAt
        self.acknowledgedAt = acknowledgedAt
        self.acknowledgedBy = acknowledgedBy
    }
}

/// `Caller`: who made a call, by credentials and role.
public struct WireCaller: Codable, Sendable, Hashable {
    public var uid: Int64
    public var pid: Int64
    public var role: String

    public init(uid: Int64, pid: Int64, role: String) {
        self.uid = uid
        self.pid = pid
        self.role = role
    }
}
