/// An error SQLite reported on a connection: its extended result code and its message
/// (`sqlite3_errmsg`), and the statement that failed when there was one.
struct DatabaseError: Error, Sendable, CustomStringConvertible {
    /// The extended result code (e.g. SQLITE_IOERR_FSYNC); SQLite's extended codes are on.
    let extendedResultCode: ResultCode
    let message: String?
    let sql: String?

    init(code: Int32, message: String?, sql: String? = nil) {
        self.extendedResultCode = ResultCode(rawValue: code)
        self.message = message
        self.sql = sql
    }

    /// The primary code, which decides how the store reports the error.
    var resultCode: ResultCode { extendedResultCode.primary }

    var description: String {
        "SQLite error \(extendedResultCode.rawValue): \(message ?? "")" + (sql.map { " - while executing `\($0)`" } ?? "")
    }

    /// A use of a connection after `Database.close()`.
    static let connectionClosed = DatabaseError(code: ResultCode.SQLITE_MISUSE.rawValue, message: "Connection is closed")
}
