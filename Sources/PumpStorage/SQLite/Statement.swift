internal import CSQLite

/// One prepared SQLite statement of a `Database`, finalized when released.
///
/// Like its connection it is used by one thread at a time. `step()` resets the statement when it
/// finishes or fails, so a finished statement never holds a read transaction open.
final class Statement {
    private let handle: OpaquePointer
    private let database: Database
    let sql: String
    /// The result columns' names, in order.
    let columnNames: [String]

    init(handle: OpaquePointer, database: Database, sql: String) {
        self.handle = handle
        self.database = database
        self.sql = sql
        self.columnNames = (0..<sqlite3_column_count(handle)).map { String(cString: sqlite3_column_name(handle, $0)) }
    }

    deinit {
        sqlite3_finalize(handle)
    }

    /// How many `?` parameters the statement has.
    var parameterCount: Int { Int(sqlite3_bind_parameter_count(handle)) }

    /// Binds `values` to the parameters, in order; there must be exactly one per parameter.
    func bind(_ values: ArraySlice<(any DatabaseValueConvertible)?>) throws {
        guard values.count == parameterCount else {
            throw DatabaseError(
                code: ResultCode.SQLITE_MISUSE.rawValue,
                message: "wrong number of statement arguments: \(values.count) for \(parameterCount) parameters", sql: sql)
        }
        for (offset, value) in values.enumerated() {
            let index = Int32(offset + 1)
            let code: Int32
            switch value?.databaseValue.storage ?? .null {
            case .null: code = sqlite3_bind_null(handle, index)
            case .int64(let number): code = sqlite3_bind_int64(handle, index, number)
            case .double(let number): code = sqlite3_bind_double(handle, index, number)
            case .string(let text):
                code = text.withCString { csqlite_bind_text(handle, index, $0, -1) }  // up to the first NUL, as read back (and as GRDB bound)
            case .blob(let bytes):
                code = bytes.withUnsafeBytes { csqlite_bind_blob(handle, index, $0.baseAddress, Int32($0.count)) }
            }
            if code != SQLITE_OK { throw database.error(code, sql: sql) }
        }
    }

    /// Runs the statement to its next row: true when a row is ready, false when it is done.
    func step() throws -> Bool {
        switch sqlite3_step(handle) {
        case SQLITE_ROW: return true
        case SQLITE_DONE:
            sqlite3_reset(handle)
            return false
        case let code:
            let error = database.error(code, sql: sql)
            sqlite3_reset(handle)
            throw error
        }
    }

    /// Ends the current run early (after a row was read), releasing what it holds.
    func reset() throws {
        sqlite3_reset(handle)
    }

    /// The value of column `index` of the current row, in its storage class. Text is read up to
    /// its first NUL, as the store always read it (row digests depend on it).
    func value(at index: Int32) -> DatabaseValue {
        switch sqlite3_column_type(handle, index) {
        case SQLITE_INTEGER: return DatabaseValue(storage: .int64(sqlite3_column_int64(handle, index)))
        case SQLITE_FLOAT: return DatabaseValue(storage: .double(sqlite3_column_double(handle, index)))
        case SQLITE_TEXT:
            guard let text = sqlite3_column_text(handle, index) else { return .null }
            return DatabaseValue(storage: .string(String(cString: text)))
        case SQLITE_BLOB:
            guard let bytes = sqlite3_column_blob(handle, index) else { return DatabaseValue(storage: .blob([])) }
            let count = Int(sqlite3_column_bytes(handle, index))
            return DatabaseValue(storage: .blob(Array(UnsafeRawBufferPointer(start: bytes, count: count))))
        default: return .null
        }
    }

    /// The current row, every column.
    func row() -> Row {
        Row(columns: columnNames, values: (0..<Int32(columnNames.count)).map(value(at:)))
    }
}
