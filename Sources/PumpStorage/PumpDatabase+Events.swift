extension PumpDatabase {
    /// Events in ascending sequence order, filtered by every criterion given:
    /// - `fromWallNanoseconds` ≤ wall time < `toWallNanoseconds` (either bound may be nil);
    /// - kind in `kinds` (nil: any kind; an empty set matches nothing);
    /// - sequence > `afterSequence` (for paging: pass the last sequence of the previous page);
    /// - at most `limit` events (nil: no limit; must not be negative): the first ones, or with
    ///   `keepingNewest` the last ones (still returned in ascending order).
    ///
    /// The wall clock can jump, so a wall-time range may skip events whose neighbours by
    /// sequence match it; the sequence is the log's order. Any thread may call this.
    public func events(
        fromWallNanoseconds: Int64? = nil, toWallNanoseconds: Int64? = nil, kinds: Set<String>? = nil,
        limit: Int? = nil, afterSequence: Int64? = nil, keepingNewest: Bool = false
    ) throws(StorageError) -> [StoredEvent] {
        try Validation.limit(limit)
        if limit == 0 || kinds?.isEmpty == true { return [] }
        var conditions: [String] = []
        var arguments = StatementArguments()
        if let fromWallNanoseconds {
            conditions.append("wall_ns >= ?")
            arguments += [fromWallNanoseconds]
        }
        if let toWallNanoseconds {
            conditions.append("wall_ns < ?")
            arguments += [toWallNanoseconds]
        }
        if let kinds {
            conditions.append("kind IN (\(Array(repeating: "?", count: kinds.count).joined(separator: ", ")))")
            arguments += StatementArguments(kinds.sorted())
        }
        if let afterSequence {
            conditions.append("sequence > ?")
            arguments += [afterSequence]
        }
        var sql = "SELECT * FROM events"
        if !conditions.isEmpty { sql += " WHERE " + conditions.joined(separator: " AND ") }
        sql += keepingNewest ? " ORDER BY sequence DESC" : " ORDER BY sequence"
        if let limit {
            sql += " LIMIT ?"
            arguments += [limit]
        }
        let events = try read { [sql, arguments] db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map { try $0.storedEvent() }
        }
        return keepingNewest ? events.reversed() : events
    }

    /// The event with the highest sequence, or nil when the log is empty.
    public func lastEvent() throws(StorageError) -> StoredEvent? {
        try read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM events ORDER BY sequence DESC LIMIT 1")?.storedEvent()
        }
    }
}
