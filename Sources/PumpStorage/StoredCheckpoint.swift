/// A snapshot of the pump's delivery state, written every few seconds so a restarted daemon knows
/// what was delivered. The store keeps the last `PumpDatabase.checkpointSlots` checkpoints, each
/// with a checksum: a damaged latest one is found (and refused, unless accepted by hand), and the
/// one before it is what such an acceptance restores from.
public struct StoredCheckpoint: Sendable, Hashable {
    /// Wall-clock time of the snapshot, nanoseconds since the Unix epoch (UTC).
    public var savedAtWallNanoseconds: Int64
    /// Monotonic clock at the snapshot, nanoseconds (≥ 0); meaningful only within `bootID`.
    public var savedAtMonotonicNanoseconds: Int64
    /// The kernel boot id the monotonic time belongs to; never empty.
    public var bootID: String
    /// Plunger or pump position, picolitres.
    public var positionPicolitres: Int64
    /// Motor steps moved so far.
    public var stepsMoved: Int64
    /// The therapy engine's full restore state, a JSON document (opaque to the store).
    public var document: String

    public init(
        savedAtWallNanoseconds: Int64, savedAtMonotonicNanoseconds: Int64, bootID: String, positionPicolitres: Int64,
        stepsMoved: Int64, document: String
    ) {
        self.savedAtWallNanoseconds = savedAtWallNanoseconds
        self.savedAtMonotonicNanoseconds = savedAtMonotonicNanoseconds
        self.bootID = bootID
        self.positionPicolitres = positionPicolitres
        self.stepsMoved = stepsMoved
        self.document = document
    }
}
