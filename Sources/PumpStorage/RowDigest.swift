/// The tables a `DurabilitySeal` covers, and how.
enum SealedTables {
    /// Append-only history, chained row by row in key order: a verified prefix stays verified, so
    /// a write extends the chain over its new rows only.
    static let history: [(name: String, key: String)] = [
        ("events", "sequence"), ("prescriptions", "id"), ("fills", "id"), ("calibrations", "id"),
    ]
    /// Tables whose rows change in place, digested whole at every write (small: the alarm
    /// history, the eight-slot checkpoint ring).
    static let mutable: [(name: String, key: String)] = [("alarms", "id"), ("checkpoints", "slot")]
    /// Tables whose rows change in place and grow without end (24 hours of delivery a simulated
    /// day), sealed by a sum over their rows (`RowDigest.sum`) that a write moves by the rows it
    /// changed (`SealChanges`), so its cost does not grow with the history. Verified whole at open.
    static let summed: [(name: String, key: String)] = [("hourly_delivery", "hour_start_ns")]
}

/// CRC-32 over rows, every column by its stored type, so that any changed, missing or reordered
/// value changes the result, whatever columns a schema version adds.
enum RowDigest {
    static let start: UInt32 = 0

    /// The chain value after the rows of `table` with key in `(after, through]`, continuing `chain`.
    static func extend(_ chain: UInt32, table: String, key: String, after: Int64, through last: Int64, in db: Database) throws -> UInt32 {
        guard last > after else { return chain }
        var value = chain
        let rows = try Row.fetchCursor(
            db, sql: "SELECT * FROM \(table) WHERE \(key) > ? AND \(key) <= ? ORDER BY \(key)", arguments: [after, last])
        while let row = try rows.next() {
            var crc = CRC32()
            crc.add(Int64(value))
            add(row, to: &crc)
            value = crc.checksum
        }
        return value
    }

    /// CRC-32 over every row of `table` in key order.
    static func digest(table: String, key: String, in db: Database) throws -> UInt32 {
        var crc = CRC32()
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table) ORDER BY \(key)")
        while let row = try rows.next() { add(row, to: &crc) }
        return crc.checksum
    }

    /// The sum (wrapping) of `rowHash` over every row of `table`: it does not depend on the order
    /// rows are read or were written in, so a write moves it by what it replaced and added.
    static func sum(table: String, key: String, in db: Database) throws -> UInt64 {
        var sum: UInt64 = 0
        let rows = try Row.fetchCursor(db, sql: "SELECT * FROM \(table)")
        while let row = try rows.next() { sum &+= rowHash(row) }
        return sum
    }

    /// A 64-bit hash of one row: the CRC-32 of every column by its stored type (`add`), mixed
    /// with the row's first column (its key), so equal contents under two keys hash apart and a
    /// value moved to another row changes the sum.
    static func rowHash(_ row: Row) -> UInt64 {
        var crc = CRC32()
        add(row, to: &crc)
        var key: UInt64 = 0
        if case .int64(let number)? = row.values.first?.storage { key = UInt64(bitPattern: number) }
        return mix(mix(key) ^ UInt64(crc.checksum))
    }

    /// splitmix64's finaliser.
    private static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// The key of the newest row of `table` (0 when empty).
    static func last(table: String, key: String, in db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT max(\(key)) FROM \(table)") ?? 0
    }

    private static func add(_ row: Row, to crc: inout CRC32) {
        for (column, value) in row {
            crc.add(column)
            switch value.storage {
            case .null: crc.add(Int64(0))
            case .int64(let number):
                crc.add(Int64(1))
                crc.add(number)
            case .double(let number):
                crc.add(Int64(2))
                crc.add(Int64(bitPattern: number.bitPattern))
            case .string(let text):
                crc.add(Int64(3))
                crc.add(text)
            case .blob(let data):
                crc.add(Int64(4))
                crc.add(Int64(data.count))
                crc.add(data)
            }
        }
    }
}
