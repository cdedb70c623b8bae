/// The writes of one `PumpDatabase.write` transaction.
///
/// It exists only for the duration of the `write` closure: it is non-copyable and lent to the
/// closure, so it cannot be stored or used after the transaction ends. Every method validates
/// its input and throws `StorageError.invalidValue` before writing anything; any error thrown out
/// of the closure rolls back the whole transaction.
public struct StorageTransaction: ~Copyable {
    let database: Database
    let path: String
    /// What the writes moved the seal's sums by (see `SealChanges`).
    let sealChanges: SealChanges

    init(database: Database, path: String, sealChanges: SealChanges = SealChanges()) {
        self.database = database
        self.path = path
        self.sealChanges = sealChanges
    }

    /// Runs one step of the transaction, turning SQLite errors into `StorageError`s.
    func run<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        do {
            return try body(database)
        } catch {
            throw StorageError.from(error, path: path, during: .write)
        }
    }

    /// Throws unless `text` is a JSON document (RFC 8259, as SQLite's `json_valid` reads it).
    func requireJSON(_ text: String, field: String) throws(StorageError) {
        let valid = try run { db in try Bool.fetchOne(db, sql: "SELECT json_valid(?)", arguments: [text]) }
        if valid != true { throw .invalidValue(field: field, reason: "it is not a JSON document") }
    }

    /// Statement arguments: `values`, then the actor's uid, pid and role (NULLs for no actor).
    func arguments(_ values: [(any DatabaseValueConvertible)?], actor: ChangeActor?) -> StatementArguments {
        StatementArguments(values + [actor.map { Int64($0.uid) }, actor.map { Int64($0.pid) }, actor?.role])
    }
}
