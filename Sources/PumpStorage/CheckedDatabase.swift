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

    init(
        files: DatabaseFiles, lock: FileLock, isNew: Bool, version: Int, rolledBack: [String],
        seal: Result<DurabilitySeal, SealProblem>, filesState: CheckedFilesState, sealIsExact: Bool = false
    ) {
        self.files = files
        self.lock = lock
        self.isNew = isNew
        self.version = version
        self.rolledBack = rolledBack
        self.seal = seal
        self.filesState = filesState
        self.sealIsExact = sealIsExact
    }
}
