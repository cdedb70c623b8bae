extension StorageTransaction {
    /// Appends one event to the log and returns its sequence number (strictly greater than every
    /// earlier one). There is no way to change or remove it afterwards.
    ///
    /// - Parameters:
    ///   - wallNanoseconds: wall-clock time of the event, nanoseconds since the Unix epoch (UTC).
    ///   - utcOffsetSeconds: the local offset from UTC then, seconds east (within ±18 hours).
    ///   - kind: a stable identifier such as "programCommitted"; not empty.
    ///   - summary: one human-readable line.
    ///   - detail: a JSON document.
    ///   - actor: who caused it, or nil.
    @discardableResult
    public func appendEvent(
        wallNanoseconds: Int64, utcOffsetSeconds: Int32, kind: String, summary: String, detail: String = "{}",
        actor: ChangeActor?
    ) throws(StorageError) -> Int64 {
        try Validation.utcOffset(utcOffsetSeconds)
        try Validation.nonEmpty(kind, "kind")
        try Validation.actor(actor, "actor")
        try requireJSON(detail, field: "detail")
        let arguments = self.arguments([wallNanoseconds, Int64(utcOffsetSeconds), kind, summary, detail], actor: actor)
        return try run { db in
            try db.execute(
                sql: """
                    INSERT INTO events (wall_ns, utc_offset_s, kind, summary, detail, actor_uid, actor_pid, actor_role)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: arguments)
            return db.lastInsertedRowID
        }
    }
}
