extension PumpDatabase {
    /// Hourly delivery records for hours starting at `fromWallNanoseconds` ≤ start <
    /// `toWallNanoseconds`, oldest first. Hours without delivery have no record.
    public func hourlyDelivery(
        fromWallNanoseconds: Int64, toWallNanoseconds: Int64
    ) throws(StorageError) -> [HourlyDelivery] {
        try read { db in try Self.hourlyDelivery(db, from: fromWallNanoseconds, to: toWallNanoseconds) }
    }

    /// `hourlyDelivery(fromWallNanoseconds:toWallNanoseconds:)` together with the generation of
    /// the newest checkpoint (0 when none), both read from one snapshot: the generation tells
    /// which checkpoint's write the hours include (they are added in the same transaction).
    ///
    /// `onWriter`: read on the writer connection, as a start does before anything else writes
    /// (see `readOnWriter`), rather than on a reader opened for it.
    public func hourlyDeliveryWithCheckpointGeneration(
        fromWallNanoseconds: Int64, toWallNanoseconds: Int64, onWriter: Bool = false
    ) throws(StorageError) -> (hours: [HourlyDelivery], checkpointGeneration: Int64) {
        let both = { (db: Database) throws -> (hours: [HourlyDelivery], checkpointGeneration: Int64) in
            (
                try Self.hourlyDelivery(db, from: fromWallNanoseconds, to: toWallNanoseconds),
                try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(generation), 0) FROM checkpoints") ?? 0
            )
        }
        // A pool's read is one transaction; the writer runs nothing else between the two statements
        // (its uses are serial, and no other connection writes): both come from the same snapshot.
        return try onWriter ? readOnWriter(both) : read(both)
    }

    private static func hourlyDelivery(_ db: Database, from: Int64, to: Int64) throws -> [HourlyDelivery] {
        try Row.fetchAll(
            db,
            sql: """
                SELECT * FROM hourly_delivery WHERE hour_start_ns >= ? AND hour_start_ns < ? ORDER BY hour_start_ns
                """,
            arguments: [from, to]
        ).map { try $0.hourlyDelivery() }
    }

    /// The sum of the whole hourly delivery history (zero when empty).
    public func deliveredTotals() throws(StorageError) -> DeliveryTotals {
        try read { db in
            // SUM (unlike TOTAL) fails on Int64 overflow instead of rounding through a double.
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT COALESCE(SUM(volume_nl), 0) AS volume, COALESCE(SUM(mass_ng), 0) AS mass, COUNT(*) AS hours
                    FROM hourly_delivery
                    """)
            return DeliveryTotals(
                volumeNanolitres: try row?.int64("volume") ?? 0, massNanograms: try row?.int64("mass") ?? 0,
                hours: Int(try row?.int64("hours") ?? 0))
        }
    }
}
