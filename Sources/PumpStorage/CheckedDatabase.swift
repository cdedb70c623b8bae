internal import Synchronization

/// What `PumpDatabase.check(directory:fileName:)` found, and the lock it took: what
/// `PumpDatabase.open(…, checked:)` continues from. Holds the database's lock until it is opened
/// or released.
public final class CheckedDatabase: Sendable {
    let files: DatabaseFiles
    let lock: FileLock
    /// True when the check created the database.
    let isNew: Bool
    /// The schema version of a database that passed every check.
    let version: Int
    /// Evidence that it is not the state its seal says was last acknowledged (empty: none).
    let rolledBack: [String]
    /// The seal as read for that comparison.
    let seal: Result<DurabilitySeal, SealProblem>
    /// The files as they were when checked: the checks hold only while they are unchanged.
    let filesState: CheckedFilesState
    /// The database holds exactly what `seal` records (`SealVerification.findings`).
    let sealIsExact: Bool
    /// With evidence and this build's schema: what it holds for a restore, read by the checks.
    let restorable: RestorableState?
    /// The writer, opened and its settings verified after the checks passed
    /// (`PumpDatabase.openingWriterAhead`), until the open takes it (`takeWriter`); nil when the
    /// open is to open it. Closed (`closeUnused`) when this goes untaken, before the lock goes.
    private let writer: Mutex<OpenConnection?>

    init(
        files: DatabaseFiles, lock: FileLock, isNew: Bool, version: Int, rolledBack: [String],
        seal: Result<DurabilitySeal, SealProblem>, filesState: CheckedFilesState, sealIsExact: Bool = false,
        restorable: RestorableState? = nil, writer: OpenConnection? = nil
    ) {
        self.files = files
        self.lock = lock
        self.isNew = isNew
        self.version = version
        self.rolledBack = rolledBack
        self.seal = seal
        self.filesState = filesState
        self.sealIsExact = sealIsExact
        self.restorable = restorable
        self.writer = Mutex(writer)
    }

    deinit {
        if let unused = takeWriter() { closeUnused(unused) }
    }

    /// The writer opened ahead, taken out: nil when none was, or it was taken.
    func takeWriter() -> OpenConnection? {
        writer.withLock { $0.take() }
    }

    /// True while a writer opened ahead is held, untaken.
    var holdsWriter: Bool { writer.withLock { $0 != nil } }

    /// Closes `unused`, a writer opened ahead that the open does not use, before the lock goes.
    /// Its `-wal` is empty (nothing used it), so its close writes nothing to the database file and
    /// removes the `-wal` and `-shm` it created; unless the `-wal` at that path is no longer the one
    /// it created, empty (a file put in place meanwhile, by something that ignores the lock): its
    /// close then leaves every file alone, as they are, for the checks made again.
    func closeUnused(_ unused: OpenConnection) {
        let log = CheckedFilesState.of(files).entries[1]
        if log == nil || log != filesState.entries[1] || log?.size != 0 {
            unused.pool.closeLeavingFiles()
        } else {
            unused.pool.close()
        }
    }
}
