extension PumpDatabase {
    /// Live alarms (not cleared; at most one per kind), oldest raise first.
    public func openAlarms() throws(StorageError) -> [StoredAlarm] {
        try read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM alarms WHERE cleared_at_ns IS NULL ORDER BY id
                    """
            ).map { try $0.storedAlarm() }
        }
    }

    /// Alarms raised at `fromWallNanoseconds` ≤ time < `toWallNanoseconds`, in raise order.
    public func alarms(fromWallNanoseconds: Int64, toWallNanoseconds: Int64) throws(StorageError) -> [StoredAlarm] {
        try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM alarms WHERE raised_at_ns >= ? AND raised_at_ns < ? ORDER BY id",
                arguments: [fromWallNanoseconds, toWallNanoseconds]
            ).map { try $0.storedAlarm() }
        }
    }
}
