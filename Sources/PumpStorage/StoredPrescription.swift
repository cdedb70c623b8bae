/// A committed therapy program. The active program is the latest committed, the previous one the
/// commit before it; every commit is kept as history and never updated or deleted.
public struct StoredPrescription: Sendable, Hashable {
    /// Assigned by the store: increases with every commit, so it orders commits even when the wall
    /// clock jumped between them.
    public var id: Int64
    /// Wall-clock time of the commit, nanoseconds since the Unix epoch (UTC).
    public var committedAtWallNanoseconds: Int64
    /// The program itself, a JSON document produced by the therapy core.
    public var document: String
    /// The program summary the clinician confirmed, a JSON document.
    public var summary: String
    /// The token that tied the confirmation to this exact program.
    public var confirmationToken: String
    /// Who committed the program.
    public var actor: ChangeActor

    public init(
        id: Int64, committedAtWallNanoseconds: Int64, document: String, summary: String,
        confirmationToken: String, actor: ChangeActor
    ) {
        self.id = id
        self.committedAtWallNanoseconds = committedAtWallNanoseconds
        self.document = document
        self.summary = summary
        self.confirmationToken = confirmationToken
        self.actor = actor
    }
}
