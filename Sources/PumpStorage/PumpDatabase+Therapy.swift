extension PumpDatabase {
    /// The program in force: the latest committed, or nil before the first commit.
    public func activePrescription() throws(StorageError) -> StoredPrescription? {
        try prescriptions(limit: 1).first
    }

    /// The program committed before the active one, or nil.
    public func previousPrescription() throws(StorageError) -> StoredPrescription? {
        let latest = try prescriptions(limit: 2)
        return latest.count == 2 ? latest[1] : nil
    }

    /// Committed programs, newest (the active one) first; at most `limit` (nil: all).
    public func prescriptions(limit: Int? = nil) throws(StorageError) -> [StoredPrescription] {
        try newestFirst("prescriptions", limit: limit) { try $0.storedPrescription() }
    }

    /// The latest reservoir fill, or nil.
    public func latestFill() throws(StorageError) -> StoredFill? {
        try fills(limit: 1).first
    }

    /// Reservoir fills, newest first; at most `limit` (nil: all).
    public func fills(limit: Int? = nil) throws(StorageError) -> [StoredFill] {
        try newestFirst("fills", limit: limit) { try $0.storedFill() }
    }

    /// The step-volume calibration in force (the latest), or nil when never calibrated.
    public func latestCalibration() throws(StorageError) -> StoredCalibration? {
        try calibrations(limit: 1).first
    }

    /// Calibrations, newest first; at most `limit` (nil: all).
    public func calibrations(limit: Int? = nil) throws(StorageError) -> [StoredCalibration] {
        try newestFirst("calibrations", limit: limit) { try $0.storedCalibration() }
    }

    /// Rows of a history table in descending id order — commit order, which stays right when the
    /// wall clock jumped between commits.
    func newestFirst<Record>(
        _ table: String, limit: Int?, _ decode: (Row) throws -> Record
    ) throws(StorageError) -> [Record] {
        try Validation.limit(limit)
        return try read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM \(table) ORDER BY id DESC LIMIT ?", arguments: [limit ?? -1]
            ).map(decode)
        }
    }
}
