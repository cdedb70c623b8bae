/// What a restarting daemon can restore from: the newest checkpoint whose checksum verifies, and
/// the newer ones that did not (so the daemon can log that it fell back).
public struct CheckpointRecovery: Sendable, Hashable {
    /// The newest intact checkpoint, nil when none was ever saved or none is intact.
    public var checkpoint: StoredCheckpoint?
    /// Its generation (1 for the first checkpoint ever saved, then +1 per save).
    public var generation: Int64?
    /// Generations newer than `checkpoint` whose stored checksum did not match, newest first.
    /// Non-empty means the latest checkpoint was damaged and the restore falls back.
    public var damagedGenerations: [Int64]

    public init(checkpoint: StoredCheckpoint?, generation: Int64?, damagedGenerations: [Int64]) {
        self.checkpoint = checkpoint
        self.generation = generation
        self.damagedGenerations = damagedGenerations
    }
}
