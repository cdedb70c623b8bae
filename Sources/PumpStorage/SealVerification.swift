/// Compares a database with its `DurabilitySeal`, and computes the seal for its current contents.
enum SealVerification {
    /// Findings where the database holds less than, or other than, what `seal` says was
    /// acknowledged; empty when it holds all of it (and perhaps more). `exact`: the database holds
    /// exactly that, every sealed value compared, so `resealed(db, from: seal)` would be `seal`
    /// with one more write (the usual clean restart: the open keeps the seal, uncomputed).
    static func findings(_ db: Database, against seal: DurabilitySeal) throws -> (findings: [String], exact: Bool) {
        var findings: [String] = []
        let checkpoints = try Row.fetchAll(db, sql: "SELECT * FROM checkpoints ORDER BY generation DESC").map { try $0.storedCheckpoint() }
        for damaged in checkpoints where !damaged.intact {
            findings.append("checkpoint generation \(damaged.generation) fails its checksum: it was damaged")
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
        var ahead = newestGeneration > seal.checkpointGeneration
        for table in SealedTables.history {
            let sealed = seal.chains[table.name] ?? DurabilitySeal.Chain(last: 0, value: RowDigest.start)
            let last = try RowDigest.last(table: table.name, key: table.key, in: db)
            ahead = ahead || last > sealed.last
            if last < sealed.last {
                findings.append("\(table.name) ends at row \(last), but row \(sealed.last) was acknowledged")
            } else if try RowDigest.extend(RowDigest.start, table: table.name, key: table.key, after: 0, through: sealed.last, in: db)
                != sealed.value
            {
                findings.append("\(table.name) up to row \(sealed.last) differs from what was acknowledged: a row was altered")
            }
        }
        // Tables changed in place can only be compared when nothing newer was committed (a crash
        // between a commit and its seal leaves them one transaction ahead).
        let compared = findings.isEmpty && !ahead
        if compared {
            for table in SealedTables.mutable + SealedTables.summed {
                let altered: Bool
                if let sum = seal.sums[table.name] {
                    altered = try RowDigest.sum(table: table.name, key: table.key, in: db) != sum
                } else if let digest = seal.digests[table.name] {
                    altered = try RowDigest.digest(table: table.name, key: table.key, in: db) != digest
                } else {
                    continue
                }
                if altered { findings.append("\(table.name) differs from what was acknowledged: a row was altered") }
            }
        }
        // `resealed` digests every mutable table and sums every summed one, and takes the newest
        // checkpoint's checksum (0 with none): equal only when the seal has exactly those.
        let exact = compared && findings.isEmpty
            && Set(seal.digests.keys) == Set(SealedTables.mutable.map(\.name))
            && Set(seal.sums.keys) == Set(SealedTables.summed.map(\.name))
            && (seal.checkpointGeneration > 0 || seal.checkpointChecksum == 0)
        return (findings, exact)
    }

    /// Whether the database holds anything a seal would have recorded.
    static func holdsState(_ db: Database) throws -> Bool {
        for table in SealedTables.history + SealedTables.mutable + SealedTables.summed where try RowDigest.last(table: table.name, key: table.key, in: db) > 0 {
            return true
        }
        return try (Int64.fetchOne(db, sql: "SELECT count(*) FROM checkpoints") ?? 0) > 0
    }

    /// The seal for the database as it is now, continuing `seal`, whose history rows it must hold.
    /// `changes`: what the transaction since `seal` changed in the summed tables; with it, their
    /// sums are `seal`'s moved by it (which must then describe the database before that
    /// transaction), without it they are summed whole (at open).
    static func resealed(_ db: Database, from seal: DurabilitySeal, changes: SealChanges? = nil) throws -> DurabilitySeal {
        let newest = try Row.fetchOne(db, sql: "SELECT generation, checksum FROM checkpoints ORDER BY generation DESC LIMIT 1")
        var next = DurabilitySeal(
            checkpointGeneration: try newest?.int64("generation") ?? 0,
            checkpointChecksum: UInt32(truncatingIfNeeded: try newest?.int64("checksum") ?? 0), chains: [:], digests: [:],
            writes: seal.writes &+ 1)
        for table in SealedTables.history {
            let sealed = seal.chains[table.name] ?? DurabilitySeal.Chain(last: 0, value: RowDigest.start)
            let last = try RowDigest.last(table: table.name, key: table.key, in: db)
            next.chains[table.name] = DurabilitySeal.Chain(
                last: last, value: try RowDigest.extend(sealed.value, table: table.name, key: table.key, after: sealed.last, through: last, in: db))
        }
        for table in SealedTables.mutable {
            next.digests[table.name] = try RowDigest.digest(table: table.name, key: table.key, in: db)
        }
        for table in SealedTables.summed {
            if let changes, let sum = seal.sums[table.name] {
                next.sums[table.name] = sum &+ (changes.deltas[table.name] ?? 0)
            } else {
                next.sums[table.name] = try RowDigest.sum(table: table.name, key: table.key, in: db)
            }
        }
        return next
    }
}
