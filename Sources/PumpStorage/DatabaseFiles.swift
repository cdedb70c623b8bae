/// The files that make up one pumpd database: the main file, SQLite's companions, pumpd's lock
/// and the scratch file a new database is built in before it takes the main file's name.
struct DatabaseFiles: Sendable {
    let directory: String
    let path: String

    init(directory: String, fileName: String) {
        self.directory = directory
        self.path = directory.hasSuffix("/") ? directory + fileName : directory + "/" + fileName
    }

    /// SQLite's write-ahead log: committed transactions not yet checkpointed into the main file.
    var writeAheadLog: String { path + "-wal" }
    /// SQLite's WAL index; rebuilt from the log, never the only copy of anything.
    var sharedMemory: String { path + "-shm" }
    /// A rollback journal; pumpd's databases use WAL, but a hot journal would hold state too.
    var rollbackJournal: String { path + "-journal" }
    /// pumpd's advisory lock: held for as long as the database is open.
    var lock: String { path + ".lock" }
    /// The durability seal: what pumpd last acknowledged (see `DurabilitySeal`).
    var seal: String { path + ".seal" }
    /// Space kept allocated for recording a full file system (see `SpaceReserve`).
    var reserve: String { path + ".reserve" }
    /// Where a new database is built before it is linked to `path`.
    var scratch: String { path + ".creating" }

    /// Companions that may hold committed state the main file does not.
    var stateBearingCompanions: [String] { [writeAheadLog, rollbackJournal] }
}
