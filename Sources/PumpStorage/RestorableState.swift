/// What a database found not to be the state last acknowledged holds for a restore, read by its
/// checks (read-only, under the lock): asked about before it is accepted by hand, so a database
/// whose state cannot be restored is refused before anything is written.
public struct RestorableState: Sendable, Equatable {
    /// The intact checkpoints, newest first.
    public var newestFirst: [StoredCheckpoint]
    /// Whether any event is logged.
    public var holdsEvents: Bool
}
