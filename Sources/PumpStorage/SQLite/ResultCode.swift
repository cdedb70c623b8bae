internal import CSQLite

/// An SQLite result code (https://www.sqlite.org/rescode.html), primary or extended.
struct ResultCode: Equatable, Sendable {
    let rawValue: Int32

    /// The primary code of an extended one (SQLITE_IOERR for SQLITE_IOERR_FSYNC).
    var primary: ResultCode { ResultCode(rawValue: rawValue & 0xFF) }

    static let SQLITE_CORRUPT = ResultCode(rawValue: CSQLite.SQLITE_CORRUPT)
    static let SQLITE_NOTADB = ResultCode(rawValue: CSQLite.SQLITE_NOTADB)
    static let SQLITE_FULL = ResultCode(rawValue: CSQLite.SQLITE_FULL)
    static let SQLITE_MISUSE = ResultCode(rawValue: CSQLite.SQLITE_MISUSE)
}
