/// One entry of the append-only event log.
///
/// Events are never updated or deleted: the store offers no API for it and the schema's triggers
/// abort any `UPDATE` or `DELETE` on the events table, even from raw SQL.
public struct StoredEvent: Sendable, Hashable {
    /// Assigned by the store when the event is appended: strictly increasing, never reused.
    /// The log's order is the sequence, not the wall time (the wall clock can jump).
    public var sequence: Int64
    /// Wall-clock time of the event, nanoseconds since the Unix epoch (UTC).
    public var wallNanoseconds: Int64
    /// The local UTC offset in force at the event, in seconds east of UTC.
    public var utcOffsetSeconds: Int32
    /// What happened, as a stable identifier (e.g. "programCommitted").
    public var kind: String
    /// One human-readable line.
    public var summary: String
    /// A JSON document with the event's details, produced by the caller.
    public var detail: String
    /// Who caused the event; nil for events with no requester (e.g. a sensor reading).
    public var actor: ChangeActor?

    public init(
        sequence: Int64, wallNanoseconds: Int64, utcOffsetSeconds: Int32, kind: String, summary: String,
        detail: String, actor: ChangeActor?
    ) {
        self.sequence = sequence
        self.wallNanoseconds = wallNanoseconds
        self.utcOffsetSeconds = utcOffsetSeconds
        self.kind = kind
        self.summary = summary
        self.detail = detail
        self.actor = actor
    }
}
