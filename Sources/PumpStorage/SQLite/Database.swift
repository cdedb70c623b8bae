internal import CSQLite

/// One SQLite connection (`sqlite3_open_v2`), with SQLite's extended result codes on and
/// double-quoted string literals off.
///
/// Not thread-safe on its own (SQLITE_OPEN_NOMUTEX): one thread uses it at a time, which
/// `DatabasePool` ensures for the store's connections. Every failure throws a `DatabaseError`
/// carrying SQLite's code and message.
final class Database: @unchecked Sendable {
    let path: String
    let isReadOnly: Bool
    private var handle: OpaquePointer?

    /// Opens `path` read-write (creating it when missing) or read-only, then runs `setup`'s
    /// statements (pragmas) and reads the schema, which fails on a file that is not a database.
    ///
    /// - busyTimeoutMilliseconds: how long a statement waits for another connection's lock
    ///   before failing with SQLITE_BUSY (0: it fails at once).
    /// - immutable: read-only, the main file alone, as SQLite's `immutable=1` URI parameter opens
    ///   it: no lock taken, no `-wal` or `-shm` opened or created, even in WAL mode. Only for a
    ///   file nothing can change meanwhile and whose `-wal` is absent (its contents are then the
    ///   main file's alone).
    init(path: String, readOnly: Bool, busyTimeoutMilliseconds: Int32 = 0, setup: [String] = [], immutable: Bool = false) throws {
        self.path = path
        self.isReadOnly = readOnly || immutable
        _ = Self.memoryStatisticsTurnedOff
        var opened: OpaquePointer?
        let access = readOnly || immutable ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE)
        let code =
            immutable
            ? sqlite3_open_v2(Self.immutableURI(path), &opened, access | SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
            : sqlite3_open_v2(path, &opened, access | SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_EXRESCODE, nil)
        guard code == SQLITE_OK, let opened else {
            let message = opened.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
            sqlite3_close_v2(opened)
            throw DatabaseError(code: code, message: message)
        }
        handle = opened
        sqlite3_extended_result_codes(opened, 1)
        if busyTimeoutMilliseconds > 0 { sqlite3_busy_timeout(opened, busyTimeoutMilliseconds) }
        csqlite_disable_double_quoted_strings(opened)
        do {
            try execute(sql: "PRAGMA foreign_keys = ON")
            for statement in setup { try execute(sql: statement) }
            _ = try Row.fetchOne(self, sql: "SELECT * FROM sqlite_master LIMIT 1")
        } catch {
            close()
            throw error
        }
    }

    deinit {
        close()
    }

    /// SQLite's memory statistics turned off, once, before the process's first connection (false:
    /// SQLite was already in use, by another library in the process; they stay on, which changes
    /// nothing but the cost of SQLite's allocations).
    private static let memoryStatisticsTurnedOff: Bool = csqlite_turn_off_memory_statistics() == SQLITE_OK

    /// The `file:` URI of `path` with `immutable=1`: every byte but an unreserved one
    /// (RFC 3986: letters, digits, `-._~`) and `/` percent-encoded, so a `?`, `#` or `%` in a
    /// name stays part of the path; an absolute path after an empty authority (`file:///…`).
    static func immutableURI(_ path: String) -> String {
        let hex = Array("0123456789ABCDEF".utf8)
        var uri = Array((path.hasPrefix("/") ? "file://" : "file:").utf8)
        for byte in path.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"), UInt8(ascii: "/"):
                uri.append(byte)
            default:
                uri += [UInt8(ascii: "%"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]]
            }
        }
        return String(decoding: uri, as: UTF8.self) + "?immutable=1"
    }

    /// Closes the connection; statements still alive are finalized first by SQLite
    /// (`sqlite3_close_v2`). Closing twice does nothing; a later use throws "Connection is closed".
    func close() {
        guard let handle else { return }
        sqlite3_close_v2(handle)
        self.handle = nil
    }

    /// Makes `close()` leave the write-ahead log and its files as they are (no checkpoint, no
    /// removal), for a connection whose `-wal` may no longer be its own.
    func leaveFilesOnClose() {
        if let handle { csqlite_no_checkpoint_on_close(handle) }
    }

    /// The rowid of the last row this connection inserted.
    var lastInsertedRowID: Int64 { handle.map { sqlite3_last_insert_rowid($0) } ?? 0 }

    /// False while a transaction is open on this connection.
    var isAutocommit: Bool { handle.map { sqlite3_get_autocommit($0) != 0 } ?? true }

    /// Runs `sql`, which may hold several statements; `arguments` are bound to their parameters
    /// in order, and there must be exactly as many as the statements have parameters.
    func execute(sql: String, arguments: StatementArguments = []) throws {
        var remaining = arguments.values[...]
        var offset = 0
        let bytes = Array(sql.utf8CString)
        while offset < bytes.count - 1 {
            guard let (statement, consumed) = try prepare(bytes, from: offset) else { break }
            offset += consumed
            guard let statement else { continue }
            guard remaining.count >= statement.parameterCount else {
                throw DatabaseError(
                    code: ResultCode.SQLITE_MISUSE.rawValue, message: "wrong number of statement arguments", sql: statement.sql)
            }
            try statement.bind(remaining.prefix(statement.parameterCount))
            remaining = remaining.dropFirst(statement.parameterCount)
            while try statement.step() {}
        }
        if !remaining.isEmpty {
            throw DatabaseError(code: ResultCode.SQLITE_MISUSE.rawValue, message: "wrong number of statement arguments", sql: sql)
        }
    }

    /// Prepares the one statement in `sql` and binds `arguments` to it.
    func makeStatement(sql: String, arguments: StatementArguments = []) throws -> Statement {
        let bytes = Array(sql.utf8CString)
        guard let (prepared, _) = try prepare(bytes, from: 0), let statement = prepared else {
            throw DatabaseError(code: ResultCode.SQLITE_MISUSE.rawValue, message: "no statement in the SQL", sql: sql)
        }
        try statement.bind(arguments.values[...])
        return statement
    }

    /// Prepares the statement starting at `offset` of the NUL-terminated `bytes`: the statement
    /// (nil for only whitespace or a comment) and how many bytes it took; nil at the end.
    private func prepare(_ bytes: [CChar], from offset: Int) throws -> (Statement?, Int)? {
        guard let handle else { throw DatabaseError.connectionClosed }
        return try bytes.withUnsafeBufferPointer { buffer throws -> (Statement?, Int)? in
            let start = buffer.baseAddress! + offset
            if start.pointee == 0 { return nil }
            var prepared: OpaquePointer?
            var tail: UnsafePointer<CChar>?
            let code = sqlite3_prepare_v2(handle, start, Int32(buffer.count - offset), &prepared, &tail)
            let consumed = tail.map { $0 - start } ?? (buffer.count - 1 - offset)
            let text = String(decoding: UnsafeRawBufferPointer(start: start, count: consumed), as: UTF8.self)
            guard code == SQLITE_OK else { throw error(code, sql: text) }
            guard let prepared else { return (nil, max(consumed, 1)) }
            return (Statement(handle: prepared, database: self, sql: text), max(consumed, 1))
        }
    }

    /// Runs `body` in one transaction: committed when it returns `.commit`, rolled back when it
    /// returns `.rollback` or throws (the first error is rethrown). A failed COMMIT is rolled back.
    /// A read-only connection's transactions are deferred, a writer's immediate.
    func inTransaction(_ kind: TransactionKind? = nil, _ body: () throws -> TransactionCompletion) throws {
        try execute(sql: "BEGIN \((kind ?? (isReadOnly ? .deferred : .immediate)).rawValue) TRANSACTION")
        do {
            switch try body() {
            case .commit: try execute(sql: "COMMIT TRANSACTION")
            case .rollback: try execute(sql: "ROLLBACK TRANSACTION")
            }
        } catch {
            if !isAutocommit { try? execute(sql: "ROLLBACK TRANSACTION") }
            throw error
        }
    }

    /// Whether a table named `name` exists in the main schema.
    func tableExists(_ name: String) throws -> Bool {
        try Bool.fetchOne(self, sql: "SELECT EXISTS (SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?)", arguments: [name])
            ?? false
    }

    /// The error for a failed call that returned `code`, with the connection's message.
    func error(_ code: Int32, sql: String?) -> DatabaseError {
        let message = handle.map { String(cString: sqlite3_errmsg($0)) } ?? String(cString: sqlite3_errstr(code))
        return DatabaseError(code: code, message: message, sql: sql)
    }
}
