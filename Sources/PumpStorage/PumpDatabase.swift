internal import GRDB
internal import Synchronization

/// pumpd's durable state: the event log, prescriptions, fills, calibrations, alarms, hourly
/// delivery and delivery-state checkpoints, in one SQLite database (WAL, synchronous=FULL).
///
/// Open it once per process with `open(directory:fileName:)`; the open refuses a file it cannot
/// trust (see `StorageError`) and never replaces one. Any thread may then read and write:
/// writes are serialized, and a write returns only once its transaction is fsync'd to disk.
/// Reads run concurrently with writes and see only committed transactions.
///
/// All calls block the calling thread (a write for at least one fsync), so never call them from
/// the real-time loop thread.
public final class PumpDatabase: Sendable {
    /// The newest schema version this build reads and writes.
    public static let schemaVersion = Schema.version
    /// pumpd's `PRAGMA application_id` ("pump" in ASCII).
    public static let applicationID = Schema.applicationID
    /// How many checkpoints the store keeps: the latest and the ones before it.
    public static let checkpointSlots = Int(Schema.checkpointSlots)

    /// The database file's path.
    public let path: String
    /// True when this open created the database: the daemon starts fresh; false: it restores.
    public let isNew: Bool

    private let connection: Mutex<OpenConnection?>

    init(path: String, isNew: Bool, connection: OpenConnection) {
        self.path = path
        self.isNew = isNew
        self.connection = Mutex(connection)
    }

    deinit {
        close()
    }

    /// Closes the database and releases its lock. Waits for reads and writes in progress; later
    /// calls throw `StorageError.closed`. Closing twice does nothing.
    public func close() {
        guard let open = connection.withLock({ $0.take() }) else { return }
        try? open.pool.close()
    }

    /// Runs `body` in one write transaction and returns once it is durable on disk.
    ///
    /// If `body` throws, or any write in it fails, the whole transaction is rolled back and
    /// nothing of it is stored. A `StorageError` thrown in `body` is rethrown as it is; any other
    /// error comes out as `StorageError.aborted` carrying its description. `body` runs on the
    /// store's writer queue while other writers wait: keep it short, and do not call this
    /// database from inside it.
    @discardableResult
    public func write<T>(_ body: (borrowing StorageTransaction) throws -> T) throws(StorageError) -> T {
        let open = try current()
        do {
            return try open.pool.write { db in
                let transaction = StorageTransaction(database: db, path: path)
                return try body(transaction)
            }
        } catch {
            throw StorageError.from(error, path: path, during: .write)
        }
    }

    /// The settings in force on the write connection (see `StorageSettings`).
    public func settings() throws(StorageError) -> StorageSettings {
        let open = try current()
        do {
            return try open.pool.writeWithoutTransaction { db in try Self.settings(of: db) }
        } catch {
            throw StorageError.from(error, path: path, during: .read)
        }
    }

    static func settings(of db: Database) throws -> StorageSettings {
        StorageSettings(
            journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "",
            synchronous: try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1,
            foreignKeys: try Bool.fetchOne(db, sql: "PRAGMA foreign_keys") ?? false,
            busyTimeoutMilliseconds: try Int.fetchOne(db, sql: "PRAGMA busy_timeout") ?? 0,
            applicationID: UInt32(truncatingIfNeeded: try Int64.fetchOne(db, sql: "PRAGMA application_id") ?? 0),
            schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
    }

    /// Runs `body` on a reader connection, concurrently with writes, on committed data only.
    func read<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        let open = try current()
        do {
            return try open.pool.read(body)
        } catch {
            throw StorageError.from(error, path: path, during: .read)
        }
    }

    private func current() throws(StorageError) -> OpenConnection {
        guard let open = connection.withLock({ $0 }) else { throw .closed(path: path) }
        return open
    }
}
