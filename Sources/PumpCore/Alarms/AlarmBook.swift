/// The pump's alarms: at most one live alarm per kind, with its history of transitions.
///
/// Critical alarms latch: delivery stays stopped until each is acknowledged and its cause is gone.
/// The book never restarts delivery itself; it only answers whether delivery may run.
public struct AlarmBook: Sendable {
    public private(set) var active: [AlarmKind: Alarm] = [:] {
        didSet { revision = Revision() }
    }

    /// Which version of the book this is: a fresh token at every change, so two books sharing one
    /// hold the same alarms (one is a copy of the other), whatever books came between. Lets a
    /// reader (`AlarmAnnunciator.observe`, at every wake of the loop) tell an unchanged book with
    /// one pointer comparison instead of walking it.
    public final class Revision: Sendable {
        init() {}
    }

    public private(set) var revision = Revision()

    public init() {}

    /// A book holding these live alarms (a restore).
    init(restoring alarms: [Alarm]) {
        for alarm in alarms where alarm.isActive { active[alarm.kind] = alarm }
    }

    /// Delivery is blocked while any critical alarm is active.
    public var blocksDelivery: Bool { active.values.contains { $0.severity == .critical && $0.isActive } }

    /// A live critical alarm nobody has acknowledged yet. Never allocates (the control loop asks).
    public var awaitsCriticalAcknowledgement: Bool {
        active.values.contains { $0.isActive && $0.severity == .critical && $0.acknowledgedAt == nil }
    }

    public var activeAlarms: [Alarm] { active.values.filter(\.isActive).sorted { $0.raisedAt < $1.raisedAt } }

    /// Raises `kind`, or refreshes the cause of one already live (a lasting cause is never weakened
    /// to a one-off). `causeLasts` overrides the kind's
    /// own (`causeEndsWhenRaised`) for a one-off kind whose cause this time persists until cleared.
    ///
    /// - Returns: the new alarm, or nil when an alarm of that kind was already active.
    @discardableResult
    public mutating func raise(_ kind: AlarmKind, evidence: String, at time: CivilTime, causeLasts: Bool? = nil) -> Alarm? {
        let causePresent = causeLasts ?? !kind.causeEndsWhenRaised
        if var existing = active[kind], existing.isActive {
            // A refresh never weakens a cause: a one-off failure (an alarm test's) reported while
            // a lasting one (a buzzer known dead) holds must not let acknowledging clear it.
            // Written back only when it changes: a cause reported again at every wake leaves the
            // book's revision as it was.
            if causePresent, !existing.causePresent || existing.causeClearedAt != nil {
                existing.causePresent = true
                existing.causeClearedAt = nil
                active[kind] = existing
            }
            return nil
        }
        let alarm = Alarm(
            kind: kind, raisedAt: time, evidence: evidence, causePresent: causePresent,
            acknowledgedAt: nil, lastAcknowledgedAt: nil, causeClearedAt: causePresent ? nil : time)
        active[kind] = alarm
        return alarm
    }

    /// Raises `kind` afresh even when an alarm of that kind is live: a new alarm, unacknowledged,
    /// raised at `time` (a reminder repeating while its cause lasts).
    @discardableResult
    public mutating func raiseAgain(_ kind: AlarmKind, evidence: String, at time: CivilTime, causeLasts: Bool? = nil) -> Alarm {
        active[kind] = nil
        return raise(kind, evidence: evidence, at: time, causeLasts: causeLasts)!
    }

    /// The cause of `kind` is gone. A non-critical alarm clears; a critical one stays latched until
    /// acknowledged.
    ///
    /// - Returns: the alarm when this call made it inactive.
    @discardableResult
    public mutating func causeCleared(_ kind: AlarmKind, at time: CivilTime) -> Alarm? {
        guard var alarm = active[kind], alarm.causePresent else { return nil }
        alarm.causePresent = false
        alarm.causeClearedAt = time
        return settle(alarm)
    }

    /// Acknowledges `kind`.
    ///
    /// - Returns: the alarm when this call made it inactive.
    /// - Throws: `AlarmError.notRaised` when no such alarm is live.
    @discardableResult
    public mutating func acknowledge(_ kind: AlarmKind, at time: CivilTime) throws(AlarmError) -> Alarm? {
        guard var alarm = active[kind], alarm.isActive else { throw .notRaised(kind) }
        alarm.acknowledgedAt = alarm.acknowledgedAt ?? time
        alarm.lastAcknowledgedAt = time
        return settle(alarm)
    }

    private mutating func settle(_ alarm: Alarm) -> Alarm? {
        if alarm.isActive {
            active[alarm.kind] = alarm
            return nil
        }
        active[alarm.kind] = nil
        return alarm
    }
}
