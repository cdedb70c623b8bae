extension StorageTransaction {
    /// Adds delivered volume (nanolitres) and drug mass (nanograms) to the totals of the UTC hour
    /// starting at `hourStartWallNanoseconds`, creating the hour's record if needed.
    ///
    /// The hour start must be a whole UTC hour and both amounts not negative; a total that would
    /// overflow Int64 is refused. Any refusal throws `.invalidValue` and writes nothing.
    public func addHourlyDelivery(
        hourStartWallNanoseconds: Int64, volumeNanolitres: Int64, massNanograms: Int64
    ) throws(StorageError) {
        try Validation.hourBoundary(hourStartWallNanoseconds)
        try Validation.nonNegative(volumeNanolitres, "volumeNanolitres")
        try Validation.nonNegative(massNanograms, "massNanograms")
        let select = "SELECT * FROM hourly_delivery WHERE hour_start_ns = ?"
        let before = try run { db in try Row.fetchOne(db, sql: select, arguments: [hourStartWallNanoseconds]) }
        let existing = try run { _ -> (volume: Int64, mass: Int64)? in
            guard let row = before else { return nil }
            return (try row.decode(forColumn: "volume_nl"), try row.decode(forColumn: "mass_ng"))
        }
        let volume = try Self.sum(existing?.volume, volumeNanolitres, "volumeNanolitres")
        let mass = try Self.sum(existing?.mass, massNanograms, "massNanograms")
        try run { db in
            try db.execute(
                sql: """
                    INSERT INTO hourly_delivery (hour_start_ns, volume_nl, mass_ng) VALUES (?, ?, ?)
                    ON CONFLICT (hour_start_ns) DO UPDATE SET volume_nl = excluded.volume_nl, mass_ng = excluded.mass_ng
                    """,
                arguments: [hourStartWallNanoseconds, volume, mass])
        }
        // The row as stored, for the seal's sum: read back, not rebuilt, so it hashes as open reads it.
        let after = try run { db in try Row.fetchOne(db, sql: select, arguments: [hourStartWallNanoseconds]) }
        sealChanges.replaced(in: "hourly_delivery", before, with: after)
    }

    /// The totals of the UTC hour starting at `hourStartWallNanoseconds` as this transaction sees
    /// them, or nil when nothing was delivered in it.
    public func hourlyDelivery(hourStartWallNanoseconds: Int64) throws(StorageError) -> HourlyDelivery? {
        try run { db in
            try Row.fetchOne(db, sql: "SELECT * FROM hourly_delivery WHERE hour_start_ns = ?", arguments: [hourStartWallNanoseconds])
                .map { try $0.hourlyDelivery() }
        }
    }

    private static func sum(_ stored: Int64?, _ added: Int64, _ field: String) throws(StorageError) -> Int64 {
        let (total, overflow) = (stored ?? 0).addingReportingOverflow(added)
        if overflow { throw .invalidValue(field: field, reason: "adding \(added) to the hour's total overflows") }
        return total
    }

    /// Saves a checkpoint of the delivery state and returns its generation (one more than the
    /// previous checkpoint's). It overwrites the oldest of the `PumpDatabase.checkpointSlots`
    /// kept, with a checksum that lets a reader skip it if it is later found damaged.
    ///
    /// `bootID` must not be empty, `savedAtMonotonicNanoseconds` not negative, and `document`
    /// must be a JSON document.
    @discardableResult
    public func saveCheckpoint(_ checkpoint: StoredCheckpoint) throws(StorageError) -> Int64 {
        try Validation.nonEmpty(checkpoint.bootID, "bootID")
        try Validation.nonNegative(checkpoint.savedAtMonotonicNanoseconds, "savedAtMonotonicNanoseconds")
        try requireJSON(checkpoint.document, field: "document")
        return try run { db in
            let generation = (try Int64.fetchOne(db, sql: "SELECT MAX(generation) FROM checkpoints") ?? 0) + 1
            let checksum = CheckpointChecksum.of(checkpoint, generation: generation)
            try db.execute(
                sql: """
                    INSERT INTO checkpoints (slot, generation, saved_at_wall_ns, saved_at_monotonic_ns, boot_id,
                        position_pl, steps_moved, document, checksum)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (slot) DO UPDATE SET generation = excluded.generation,
                        saved_at_wall_ns = excluded.saved_at_wall_ns,
                        saved_at_monotonic_ns = excluded.saved_at_monotonic_ns, boot_id = excluded.boot_id,
                        position_pl = excluded.position_pl, steps_moved = excluded.steps_moved,
                        document = excluded.document, checksum = excluded.checksum
                    """,
                arguments: [
                    generation % Schema.checkpointSlots, generation, checkpoint.savedAtWallNanoseconds,
                    checkpoint.savedAtMonotonicNanoseconds, checkpoint.bootID, checkpoint.positionPicolitres,
                    checkpoint.stepsMoved, checkpoint.document, Int64(checksum),
                ])
            return generation
        }
    }
}
