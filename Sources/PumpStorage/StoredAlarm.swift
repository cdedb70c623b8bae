/// One alarm occurrence, kept as history.
///
/// Every raise is its own row. An alarm is *open* (live) until it is cleared: the therapy core no
/// longer holds it active (a critical alarm only once acknowledged and its cause gone; a
/// self-clearing one may never be acknowledged). At most one alarm per kind is open at a time.
/// Once set, the clear and the acknowledgement never change, and the raise facts (kind,
/// severity, time, evidence) never change at all.
public struct StoredAlarm: Sendable, Hashable {
    /// Assigned by the store; increases with every raise.
    public var id: Int64
    /// The alarm kind, as a stable identifier (e.g. "occlusion").
    public var kind: String
    /// The severity at the raise (e.g. "critical").
    public var severity: String
    /// Wall-clock time of the raise, nanoseconds since the Unix epoch (UTC).
    public var raisedAtWallNanoseconds: Int64
    /// What triggered the alarm, as the caller recorded it.
    public var evidence: String
    /// When the condition ended, nanoseconds since the Unix epoch; nil while it persists.
    public var clearedAtWallNanoseconds: Int64?
    /// When a person acknowledged the alarm, nanoseconds since the Unix epoch; nil until then.
    public var acknowledgedAtWallNanoseconds: Int64?
    /// Who acknowledged; set exactly when `acknowledgedAtWallNanoseconds` is.
    public var acknowledgedBy: ChangeActor?

    /// True until the alarm is cleared.
    public var isOpen: Bool { clearedAtWallNanoseconds == nil }

    public init(
        id: Int64, kind: String, severity: String, raisedAtWallNanoseconds: Int64, evidence: String,
        clearedAtWallNanoseconds: Int64?, acknowledgedAtWallNanoseconds: Int64?, acknowledgedBy: ChangeActor?
    ) {
        self.id = id
        self.kind = kind
        self.severity = severity
        self.raisedAtWallNanoseconds = raisedAtWallNanoseconds
        self.evidence = evidence
        self.clearedAtWallNanoseconds = clearedAtWallNanoseconds
        self.acknowledgedAtWallNanoseconds = acknowledgedAtWallNanoseconds
        self.acknowledgedBy = acknowledgedBy
    }
}
