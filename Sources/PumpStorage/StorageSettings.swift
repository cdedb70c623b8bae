/// The settings in force on the database's write connection, as SQLite reports them. The daemon
/// can log these at start-up; `PumpDatabase.open` refuses to return unless they are the ones below.
public struct StorageSettings: Sendable, Hashable {
    /// `PRAGMA journal_mode`: always "wal".
    public var journalMode: String
    /// `PRAGMA synchronous`: always 2 (FULL), so every committed write is fsync'd before it returns.
    public var synchronous: Int
    /// `PRAGMA foreign_keys`: always true.
    public var foreignKeys: Bool
    /// `PRAGMA busy_timeout`, milliseconds: how long a write waits for a lock held elsewhere.
    public var busyTimeoutMilliseconds: Int
    /// `PRAGMA application_id`: always pumpd's.
    public var applicationID: UInt32
    /// `PRAGMA user_version`: the schema version.
    public var schemaVersion: Int

    public init(
        journalMode: String, synchronous: Int, foreignKeys: Bool, busyTimeoutMilliseconds: Int, applicationID: UInt32,
        schemaVersion: Int
    ) {
        self.journalMode = journalMode
        self.synchronous = synchronous
        self.foreignKeys = foreignKeys
        self.busyTimeoutMilliseconds = busyTimeoutMilliseconds
        self.applicationID = applicationID
        self.schemaVersion = schemaVersion
    }
}
