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
    /// Its seal's path (see `DurabilitySeal`).
    public let sealPath: String
    /// True when this open created the database: the daemon starts fresh; false: it restores.
    public let isNew: Bool
    /// Why this database is not the state last acknowledged, when it was opened anyway
    /// (`acceptingRestoredState`): the daemon must start stopped with a critical alarm naming it.
    /// Empty for a database that matched its seal.
    public let restoredDespite: [String]

    private let connection: Mutex<OpenConnection?>
    /// The seal as last written: each write extends it.
    private let seal: Mutex<DurabilitySeal>
    /// The files that must stay the ones opened (main file, -wal, seal, lock).
    let watched: WatchedFiles
    private let reserve: SpaceReserve
    private let sealFile: SealFile

    init(
        files: DatabaseFiles, isNew: Bool, connection: OpenConnection, seal: DurabilitySeal, sealFile: SealFile,
        watched: WatchedFiles, restoredDespite: [String]
    ) {
        self.sealFile = sealFile
        self.path = files.path
        self.sealPath = files.seal
        self.reserve = SpaceReserve(path: files.reserve)
        self.isNew = isNew
        self.restoredDespite = restoredDespite
        self.connection = Mutex(connection)
        self.seal = Mutex(seal)
        self.watched = watched
    }

    deinit {
        close()
    }

    /// Closes the database and releases its lock. Waits for reads and writes in progress; later
    /// calls throw `StorageError.closed`. Closing twice does nothing. The write-ahead log is folded
    /// into the main file first (when every file is still the one opened), so a stopped pump's
    /// state is in one file.
    public func close() {
        if checkFilesInPlace().isEmpty { _ = try? foldLog() }
        guard let open = connection.withLock({ $0.take() }) else { return }
        open.pool.close()
    }

    /// Folds the write-ahead log into the main file and truncates it (`wal_checkpoint(TRUNCATE)`),
    /// so the main file alone holds every committed transaction. Blocks while it copies; call it
    /// at a clean stop and at intervals from a storage task, never from the loop thread. Returns
    /// false when readers kept it from completing (it is then retried next time).
    @discardableResult
    public func foldLog() throws(StorageError) -> Bool {
        let open = try current()
        do {
            return try open.pool.writeWithoutTransaction { db in
                let row = try Row.fetchOne(db, sql: "PRAGMA wal_checkpoint(TRUNCATE)")
                return (row?[0] as Int64?) == 0
            }
        } catch {
            throw StorageError.from(error, path: path, during: .write)
        }
    }

    /// Whether the space reserve is given up (or was never made): a storage task should call
    /// `restoreReserve` while writes succeed.
    public var needsReserve: Bool { reserve.isMissing }

    /// Makes the space reserve (`<database>.reserve`, 4 MiB, allocated and fsync'd) that
    /// `releaseReserve` gives up when the file system fills. Throws `.storageFull` while there is
    /// no room for it.
    public func restoreReserve() throws(StorageError) {
        try reserve.create()
    }

    /// Gives up the space reserve, so that a write that failed for want of space can be retried;
    /// false when there was none left to give up.
    public func releaseReserve() -> Bool {
        reserve.release()
    }

    /// The state files (main file, `-wal`, seal, lock) that were deleted or replaced since the
    /// open, each with what happened; empty while all are the files pumpd opened. A few `stat`
    /// calls: cheap enough for a storage task to call every second.
    public func checkFilesInPlace() -> [String] {
        watched.findings().map { "\($0.path) \($0.reason)" }
    }

    /// Runs `body` in one write transaction and returns once it is durable on disk.
    ///
    /// If `body` throws, or any write in it fails, the whole transaction is rolled back and
    /// nothing of it is stored. A `StorageError` thrown in `body` is rethrown as it is; any other
    /// error comes out as `StorageError.aborted` carrying its description. `body` runs on the
    /// store's writer queue while other writers wait: keep it short, and do not call this
    /// database from inside it.
    ///
    /// Before it writes, it checks that the state files are still the ones opened
    /// (`.replacedWhileOpen`): a write to a deleted file would be acknowledged and then lost.
    /// After the commit it rewrites the seal, before returning; if only that fails, the
    /// transaction stays committed and the write throws `.sealNotWritten`.
    @discardableResult
    public func write<T>(_ body: (borrowing StorageTransaction) throws -> T) throws(StorageError) -> T {
        let open = try current()
        var result: T?
        do {
            try open.pool.writeWithoutTransaction { db in
                if let finding = watched.findings().first {
                    throw StorageError.replacedWhileOpen(path: finding.path, reason: finding.reason)
                }
                var next = seal.withLock { $0 }
                try db.inTransaction {
                    let changes = SealChanges()
                    let transaction = StorageTransaction(database: db, path: path, sealChanges: changes)
                    result = try body(transaction)
                    next = try SealVerification.resealed(db, from: next, changes: changes)
                    return .commit
                }
                // Still on the writer: seals are written in commit order.
                seal.withLock { $0 = next }
                try sealFile.write(next)
            }
        } catch {
            throw StorageError.from(error, path: path, during: .write)
        }
        return result!
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
        try reading { try $0.pool.read(body) }
    }

    /// Runs `body` on the writer connection (queued behind any write), on committed data: for the
    /// reads a start makes before anything else uses the database, so that no reader connection
    /// (its open, its schema parse) is made just for them. One statement per call reads one state.
    func readOnWriter<T>(_ body: (Database) throws -> T) throws(StorageError) -> T {
        try reading { try $0.pool.writeWithoutTransaction(body) }
    }

    /// Runs a read through the open connection, its failure reported as a read's.
    private func reading<T>(_ access: (OpenConnection) throws -> T) throws(StorageError) -> T {
        let open = try current()
        do {
            return try access(open)
        } catch {
            throw StorageError.from(error, path: path, during: .read)
        }
    }

    private func current() throws(StorageError) -> OpenConnection {
        guard let open = connection.withLock({ $0 }) else { throw .closed(path: path) }
        return open
    }
}
