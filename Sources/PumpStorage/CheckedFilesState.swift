#if canImport(Glibc)
import Glibc
#endif

/// What a database's files were when they were checked (`PumpDatabase.check`): for each of the
/// database, its write-ahead log, its rollback journal and its seal, its identity, size and change
/// times, or nothing when missing (a `-journal` appearing after the checks would be rolled back into
/// the checked file by the writer's first read: review, round 7). Checks made ahead of the open (`DatabaseCheckAhead`) hold only while these are
/// unchanged: a file renamed into place or written over meanwhile (a restore racing a restart,
/// which ignores the lock) must be checked again before it is trusted (review, round 5).
struct CheckedFilesState: Equatable, Sendable {
    struct Entry: Equatable, Sendable {
        let device: UInt64, inode: UInt64, size: Int64
        let modified: Int64, changed: Int64  // ns since the epoch
    }
    let entries: [Entry?]

    /// Whether these are the files of `checked`; with `butForANewEmptyLog`, a write-ahead log
    /// missing then and present now, empty, is allowed (the one a writer's open creates).
    func isAsChecked(_ checked: CheckedFilesState, butForANewEmptyLog: Bool) -> Bool {
        guard entries.count == checked.entries.count else { return false }
        for index in entries.indices where entries[index] != checked.entries[index] {
            guard butForANewEmptyLog, index == 1, checked.entries[1] == nil, entries[1]?.size == 0 else { return false }
        }
        return true
    }

    /// The state of `files`' database, write-ahead log, rollback journal and seal now.
    static func of(_ files: DatabaseFiles) -> CheckedFilesState {
        CheckedFilesState(entries: [files.path, files.writeAheadLog, files.rollbackJournal, files.seal].map { path in
            var info = stat()
            guard stat(path, &info) == 0 else { return nil }
            return Entry(
                device: UInt64(info.st_dev), inode: UInt64(info.st_ino), size: Int64(info.st_size),
                modified: Int64(info.st_mtim.tv_sec) * 1_000_000_000 + Int64(info.st_mtim.tv_nsec),
                changed: Int64(info.st_ctim.tv_sec) * 1_000_000_000 + Int64(info.st_ctim.tv_nsec))
        })
    }
}
