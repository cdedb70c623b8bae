/// One raised alarm: what, when, on what evidence, and where it stands.
public struct Alarm: Hashable, Sendable {
    public let kind: AlarmKind
    public let raisedAt: CivilTime
    /// The reading or count that raised it, with units, e.g. "pressure 1210 mmHg ≥ 1034 mmHg for 3 samples".
    public let evidence: String
    /// The cause still holds (for example the line is still occluded).
    public internal(set) var causePresent: Bool
    /// The first acknowledgement (the history's); `lastAcknowledgedAt` the latest, which restarts
    /// an acknowledged high-priority alarm's pause in sound (`AlarmAnnunciator`).
    public internal(set) var acknowledgedAt: CivilTime?
    public internal(set) var lastAcknowledgedAt: CivilTime?
    public internal(set) var causeClearedAt: CivilTime?

    public var severity: AlarmSeverity { kind.severity }

    /// A critical alarm, or one whose cause is a one-off event (a refill discrepancy, a guard
    /// trip), is latched until it is both acknowledged and its cause is gone; any other
    /// non-critical alarm until its cause is gone.
    public var isActive: Bool {
        let latches = severity == .critical || kind.causeEndsWhenRaised
        return causePresent || (latches && acknowledgedAt == nil)
    }
}
