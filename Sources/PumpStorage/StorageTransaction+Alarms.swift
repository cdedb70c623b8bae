extension StorageTransaction {
    /// Raises an alarm of `kind` and returns its id: every raise is its own history row. If an
    /// alarm of that kind is still live (not cleared: its condition persists), the raise is the same
    /// occurrence: returns that alarm's id and changes nothing — not its severity, time or evidence.
    ///
    /// - Parameters:
    ///   - kind: a stable identifier such as "occlusion"; not empty.
    ///   - severity: e.g. "critical"; not empty.
    ///   - raisedAtWallNanoseconds: wall-clock time of the raise, nanoseconds since the epoch.
    ///   - evidence: what triggered it, as the caller wants it kept.
    @discardableResult
    public func raiseAlarm(
        kind: String, severity: String, raisedAtWallNanoseconds: Int64, evidence: String
    ) throws(StorageError) -> Int64 {
        try Validation.nonEmpty(kind, "kind")
        try Validation.nonEmpty(severity, "severity")
        return try run { db in
            if let open = try Self.openAlarmID(db, kind: kind) { return open }
            try db.execute(
                sql: "INSERT INTO alarms (kind, severity, raised_at_ns, evidence) VALUES (?, ?, ?, ?)",
                arguments: [kind, severity, raisedAtWallNanoseconds, evidence])
            return db.lastInsertedRowID
        }
    }

    /// Records that the live `kind` alarm ended (the therapy core no longer holds it active).
    /// Returns the alarm's id, or nil (changing nothing) when no alarm of that kind is live.
    @discardableResult
    public func clearAlarm(kind: String, atWallNanoseconds: Int64) throws(StorageError) -> Int64? {
        try run { db in
            guard let id = try Self.openAlarmID(db, kind: kind) else { return nil }
            try db.execute(
                sql: "UPDATE alarms SET cleared_at_ns = ? WHERE id = ?", arguments: [atWallNanoseconds, id])
            return id
        }
    }

    /// Records that a person acknowledged the live `kind` alarm. Returns the alarm's id, or nil
    /// (changing nothing) when no alarm of that kind is live or it is already acknowledged.
    @discardableResult
    public func acknowledgeAlarm(
        kind: String, atWallNanoseconds: Int64, by actor: ChangeActor
    ) throws(StorageError) -> Int64? {
        try Validation.actor(actor, "actor")
        let arguments = self.arguments([atWallNanoseconds], actor: actor)
        return try run { db in
            guard let id = try Self.openAlarmID(db, kind: kind, where: "acknowledged_at_ns IS NULL") else {
                return nil
            }
            try db.execute(
                sql: """
                    UPDATE alarms SET acknowledged_at_ns = ?, acknowledged_by_uid = ?, acknowledged_by_pid = ?,
                        acknowledged_by_role = ?
                    WHERE id = ?
                    """,
                arguments: arguments + [id])
            return id
        }
    }

    private static func openAlarmID(_ db: Database, kind: String, where extra: String = "1") throws -> Int64? {
        try Int64.fetchOne(
            db,
            sql: """
                SELECT id FROM alarms WHERE kind = ? AND cleared_at_ns IS NULL AND \(extra)
                """,
            arguments: [kind])
    }
}
