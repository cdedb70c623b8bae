internal import GRDB

/// The CRC-32 chain over the event log that a `DurabilitySeal` carries: each event's fields are
/// added to the chain value left by the one before, so changing, dropping or reordering any event
/// up to the sealed sequence changes the value. Events are history (never updated or deleted),
/// so a verified prefix stays verified: a write extends the chain over its new events only.
enum EventChain {
    static let start: UInt32 = 0

    /// The chain value after the events with sequence in `(sequence, through]`, continuing `chain`.
    static func extend(_ chain: UInt32, after sequence: Int64, through last: Int64, in db: Database) throws -> UInt32 {
        guard last > sequence else { return chain }
        var value = chain
        let rows = try Row.fetchCursor(
            db, sql: "SELECT * FROM events WHERE sequence > ? AND sequence <= ? ORDER BY sequence", arguments: [sequence, last])
        while let row = try rows.next() {
            var crc = CRC32()
            crc.add(Int64(value))
            crc.add(row["sequence"] as Int64)
            crc.add(row["wall_ns"] as Int64)
            crc.add(row["utc_offset_s"] as Int64)
            crc.add(row["kind"] as String)
            crc.add(row["summary"] as String)
            crc.add(row["detail"] as String)
            crc.add((row["actor_uid"] as Int64?) ?? -1)
            crc.add((row["actor_pid"] as Int64?) ?? -1)
            crc.add((row["actor_role"] as String?) ?? "")
            value = crc.checksum
        }
        return value
    }
}
