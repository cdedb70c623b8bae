/// Everything that can go wrong opening, reading or writing the pumpd database.
///
/// Each case names the file and says what an operator can do. None of them is ever resolved by
/// replacing the database: pumpd refuses to start on a store it cannot trust rather than forget
/// what it delivered.
public enum StorageError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The state directory does not exist (pumpd does not create it; its unit or package does).
    case directoryMissing(directory: String)
    /// The file exists (or must be created) but cannot be opened, read or written: permissions,
    /// a directory in its place, a read-only file system, an I/O error.
    case cannotOpen(path: String, reason: String)
    /// Another pumpd (or another open in this process) holds the database.
    case inUse(path: String)
    /// The database file is missing but its write-ahead log or rollback journal is present: state
    /// may be in that file, so pumpd refuses to start over.
    case strayJournal(path: String, journalPath: String)
    /// The file is not a pumpd database: not SQLite, empty, or another application's database.
    case notAPumpDatabase(path: String, reason: String)
    /// SQLite's full integrity check (or reading a record) found damage.
    case damaged(path: String, findings: [String])
    /// The database was written by a newer pumpd whose schema this build does not know.
    case newerSchema(path: String, found: Int, supported: Int)
    /// A connection setting that durability depends on did not take effect.
    case unsafeSetting(path: String, setting: String, expected: String, found: String)
    /// A value given to a write or a query is out of its domain; nothing was written.
    case invalidValue(field: String, reason: String)
    /// The file system is full; the transaction was rolled back and nothing was written.
    case storageFull(path: String)
    /// A write transaction failed and was rolled back; nothing of it was written.
    case writeFailed(path: String, reason: String)
    /// The caller's transaction closure threw an error of its own; the transaction was rolled back.
    case aborted(path: String, reason: String)
    /// A read failed.
    case readFailed(path: String, reason: String)
    /// The database was closed with `PumpDatabase.close()`.
    case closed(path: String)
    /// The database holds less than, or something other than, what its seal says pumpd last
    /// acknowledged: a lost or damaged `-wal`, a file put back from an older copy, a damaged newest
    /// checkpoint or an altered event. Each line of `evidence` names one finding.
    case rolledBack(path: String, evidence: [String])
    /// Accepting the database despite `evidence` (`--accept-restored-state`) was refused before
    /// anything was written: `reason` says why (its state cannot be restored).
    case acceptanceRefused(path: String, evidence: [String], reason: String)
    /// The database file is gone but its seal says state was acknowledged in it.
    case stateMissing(path: String, sealPath: String)
    /// While pumpd ran, a file of its state was deleted or replaced under it.
    case replacedWhileOpen(path: String, reason: String)
    /// A write committed, but the seal that records it could not be written: the write is not
    /// acknowledged (a restart will still find it, as state newer than the seal).
    case sealNotWritten(path: String, reason: String)

    public var description: String {
        switch self {
        case .directoryMissing(let directory):
            return "pumpd state directory \(directory) does not exist. Create it (owned by the pumpd user) "
                + "or point pumpd at the right directory; pumpd does not create it so that a mistyped path "
                + "cannot start a pump with empty state."
        case .cannotOpen(let path, let reason):
            return "cannot open pumpd database \(path): \(reason). Check that the path is a regular file, "
                + "that the pumpd user can read and write it and its directory, and that the file system "
                + "is mounted read-write. The file was not changed."
        case .inUse(let path):
            return "pumpd database \(path) is in use by another pumpd process (its lock \(path).lock is "
                + "held). Stop the other instance; two daemons must never drive one pump."
        case .strayJournal(let path, let journalPath):
            return "pumpd database \(path) is missing but \(journalPath) exists and may hold committed state. "
                + "pumpd will not start with empty state over it: restore \(path) from where it went, or "
                + "move \(journalPath) aside if you are sure the pump's history is to be discarded."
        case .notAPumpDatabase(let path, let reason):
            return "\(path) is not a pumpd database (\(reason)). pumpd did not change it. Move it aside or "
                + "point pumpd at its own state directory."
        case .damaged(let path, let findings):
            let shown = findings.prefix(5).joined(separator: "; ")
            let more = findings.count > 5 ? "; and \(findings.count - 5) more" : ""
            return "pumpd database \(path) is damaged (\(findings.count) finding(s): \(shown)\(more)). "
                + "pumpd did not change or replace it. Keep the file and any -wal file beside it for "
                + "investigation; restore a backup, or move them aside to start with empty state, which "
                + "loses the pump's delivery history."
        case .newerSchema(let path, let found, let supported):
            return "pumpd database \(path) has schema version \(found), but this pumpd supports up to "
                + "\(supported). It was written by a newer pumpd: run that version, or restore a backup "
                + "made by this one. The file was not changed."
        case .unsafeSetting(let path, let setting, let expected, let found):
            return "pumpd database \(path): \(setting) is \(found), but durability needs \(expected). "
                + "pumpd refuses to run without it; check the SQLite library and the file system."
        case .invalidValue(let field, let reason):
            return "invalid \(field): \(reason). Nothing was written."
        case .storageFull(let path):
            return "the file system holding pumpd database \(path) is full. The write was rolled back and "
                + "nothing of it was stored; free space on that file system."
        case .writeFailed(let path, let reason):
            return "writing pumpd database \(path) failed: \(reason). The transaction was rolled back and "
                + "nothing of it was stored."
        case .aborted(let path, let reason):
            return "a write to pumpd database \(path) was abandoned by its caller (\(reason)); it was rolled "
                + "back and nothing of it was stored."
        case .readFailed(let path, let reason):
            return "reading pumpd database \(path) failed: \(reason)."
        case .closed(let path):
            return "pumpd database \(path) is closed; open it again to use it."
        case .rolledBack(let path, let evidence):
            return "pumpd database \(path) is not the state pumpd last acknowledged: "
                + evidence.joined(separator: "; ") + ". pumpd will not resume from older or altered state. "
                + "Keep the files for investigation and restore the missing ones (the -wal above all) if you can; "
                + "to start from this database anyway, start pumpd once with --accept-restored-state: it then "
                + "starts stopped, with a critical storage-failure alarm naming this evidence."
        case .acceptanceRefused(let path, let evidence, let reason):
            return "pumpd database \(path) is not the state pumpd last acknowledged ("
                + evidence.joined(separator: "; ") + "), and it cannot be accepted as it is: \(reason) "
                + "Nothing was written: the next start finds the same evidence."
        case .stateMissing(let path, let sealPath):
            return "pumpd database \(path) is missing, but its seal \(sealPath) says pumpd acknowledged state in "
                + "it. pumpd will not start a pump with empty state over lost history: restore \(path) (and its -wal), "
                + "or, to start this pump as new on purpose, move the state directory's files aside."
        case .replacedWhileOpen(let path, let reason):
            return "pumpd state file \(path) \(reason) while pumpd was running: later writes would not be kept. "
                + "Nothing more is acknowledged until pumpd is restarted on its real state."
        case .sealNotWritten(let path, let reason):
            return "the write was committed to the database but its seal \(path) could not be updated (\(reason)), "
                + "so it is not acknowledged."
        }
    }
}
