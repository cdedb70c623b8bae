extension PumpDatabase {
    /// The latest intact checkpoint: the newest whose checksum matches (a damaged newer one is
    /// evidence the open refuses unless accepted by hand, with the seal's findings). Nil when none
    /// was saved (or none is intact).
    public func latestCheckpoint() throws(StorageError) -> StoredCheckpoint? {
        try checkpointRecovery().checkpoint
    }

    /// The latest intact checkpoint together with the newer ones that were found damaged: what a
    /// restarting daemon restores from, and whether it had to fall back.
    public func checkpointRecovery() throws(StorageError) -> CheckpointRecovery {
        var damaged: [Int64] = []
        for (checkpoint, generation, intact) in try allCheckpoints() {
            if intact { return CheckpointRecovery(checkpoint: checkpoint, generation: generation, damagedGenerations: damaged) }
            damaged.append(generation)
        }
        return CheckpointRecovery(checkpoint: nil, generation: nil, damagedGenerations: damaged)
    }

    /// The intact checkpoints kept (up to `checkpointSlots`), newest first. A daemon restores from
    /// the first; one it cannot decode refuses the start, never passed over for an older one.
    public func intactCheckpoints() throws(StorageError) -> [StoredCheckpoint] {
        try allCheckpoints().filter(\.intact).map(\.checkpoint)
    }

    /// `intactCheckpoints()` of the database `db` is connected to.
    static func intactCheckpoints(in db: Database) throws -> [StoredCheckpoint] {
        try checkpoints(in: db).filter(\.intact).map(\.checkpoint)
    }

    private static func checkpoints(in db: Database) throws -> [(checkpoint: StoredCheckpoint, generation: Int64, intact: Bool)] {
        try Row.fetchAll(db, sql: "SELECT * FROM checkpoints ORDER BY generation DESC").map { try $0.storedCheckpoint() }
    }

    /// Read on the writer: a restart reads them before anything else, and one SELECT is one state.
    private func allCheckpoints() throws(StorageError) -> [(checkpoint: StoredCheckpoint, generation: Int64, intact: Bool)] {
        try readOnWriter { db in try Self.checkpoints(in: db) }
    }
}
