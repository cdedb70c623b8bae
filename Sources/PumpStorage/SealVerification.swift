internal import GRDB

/// Compares a database with its `DurabilitySeal`, and computes the seal for its current contents.
enum SealVerification {
    /// Findings where the database holds less than, or other than, what `seal` says was
    /// acknowledged; empty when it holds all of it (and perhaps more).
    static func findings(_ db: Database, against seal: DurabilitySeal) throws -> [String] {
        var findings: [String] = []
        let checkpoints = try Row.fetchAll(db, sql: "SELECT * FROM checkpoints ORDER BY generation DESC").map { try $0.storedCheckpoint() }
        if let newest = checkpoints.first, !newest.intact {
            findings.append("the newest checkpoint (generation \(newest.generation)) fails its checksum: it was damaged")
        }
        let newestGeneration = checkpoints.first?.generation ?? 0
        if newestGeneration < seal.checkpointGeneration {
            findings.append(
                "the newest checkpoint is generation \(newestGeneration), but generation \(seal.checkpointGeneration) was acknowledged")
        } else if seal.checkpointGeneration > 0,
            let sealed = try Int64.fetchOne(
                db, sql: "SELECT checksum FROM checkpoints WHERE generation = ?", arguments: [seal.checkpointGeneration]),
            UInt32(truncatingIfNeeded: sealed) != seal.checkpointChecksum
        {
            findings.append("checkpoint generation \(seal.checkpointGeneration) is not the one acknowledged (its checksum differs)")
        }
        let lastSequence = try lastEventSequence(db)
        if lastSequence < seal.eventSequence {
            findings.append("the event log ends at event \(lastSequence), but event \(seal.eventSequence) was acknowledged")
        } else if try EventChain.extend(EventChain.start, after: 0, through: seal.eventSequence, in: db) != seal.eventChain {
            findings.append("the event log up to event \(seal.eventSequence) differs from what was acknowledged: an event was altered")
        }
        return findings
    }

    /// Whether the database holds anything a seal would have recorded.
    static func holdsState(_ db: Database) throws -> Bool {
        try lastEventSequence(db) > 0 || (try Int64.fetchOne(db, sql: "SELECT count(*) FROM checkpoints") ?? 0) > 0
    }

    /// The seal for the database as it is now, continuing `seal`, whose events it must hold.
    static func resealed(_ db: Database, from seal: DurabilitySeal) throws -> DurabilitySeal {
        let newest = try Row.fetchOne(db, sql: "SELECT generation, checksum FROM checkpoints ORDER BY generation DESC LIMIT 1")
        let lastSequence = try lastEventSequence(db)
        return DurabilitySeal(
            checkpointGeneration: newest?["generation"] ?? 0,
            checkpointChecksum: UInt32(truncatingIfNeeded: (newest?["checksum"] as Int64?) ?? 0),
            eventSequence: lastSequence,
            eventChain: try EventChain.extend(seal.eventChain, after: seal.eventSequence, through: lastSequence, in: db),
            writes: seal.writes + 1)
    }

    private static func lastEventSequence(_ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(sequence) FROM events") ?? 0
    }
}
