internal import CPumpThreads
internal import Glibc

/// `PumpDatabase.check` run on a thread of its own, begun by a starting daemon before it loads its
/// profile: the read-only checks of an existing database (SQLite's integrity check and the
/// comparison with the seal, which read the whole file) run beside that work, on another CPU when
/// there is one, and `PumpDatabase.open(…, checked:)` continues from them.
///
/// Nothing is written earlier than the open would write it: only an existing database file is
/// checked ahead, read-only (a missing one is left for the open to create once the profile has
/// loaded), and a failed check is reported where the open would have reported it. Once the checks
/// pass, the writer is opened here too, only where opening it writes nothing to the database file
/// (`PumpDatabase.openingWriterAhead`: no findings, no evidence of a rollback, no migration, WAL
/// mode already in the header); its one trace is the empty `-wal` and `-shm` it creates, which
/// the open compares as the state the checks hold for, and which SQLite removes when the writer is
/// closed unused (`finish()`, a start that stops before it opens its state): the database file
/// is left byte for byte as it was.
///
/// `@unchecked Sendable`: every stored variable is read and written under `mutex` alone.
public final class DatabaseCheckAhead: @unchecked Sendable {
    private let directory: String
    private let fileName: String
    private let mutex = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
    /// Broadcast when `newestFirst` or `outcome` is set.
    private let changed = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
    /// The checks' result, once they ended (taken by `checked`).
    private var outcome: Result<CheckedDatabase?, StorageError>?
    private var ended = false
    /// The intact checkpoints, newest first, as the checks found them before checking anything
    /// (see `checked(meanwhile:)`); nil until then, or when they were not read.
    private var newestFirst: [StoredCheckpoint]?

    private init(directory: String, fileName: String) {
        self.directory = directory
        self.fileName = fileName
        pthread_mutex_init(mutex, nil)
        pthread_cond_init(changed, nil)
    }

    deinit {
        pthread_cond_destroy(changed)
        pthread_mutex_destroy(mutex)
        changed.deallocate()
        mutex.deallocate()
    }

    /// Begins the checks of the database `fileName` in `directory` on a new thread; nil when no
    /// such file exists (or no thread can be started): the open then makes the checks itself.
    public static func begin(directory: String, fileName: String = "pumpd.sqlite") -> DatabaseCheckAhead? {
        guard case .regular? = try? FileSystem.kind(of: DatabaseFiles(directory: directory, fileName: fileName).path) else { return nil }
        let ahead = DatabaseCheckAhead(directory: directory, fileName: fileName)
        // Detached, with every signal blocked (a signal meant for the daemon, taken by its main
        // thread, must never be delivered to this one). Waited for through `ended`, not joined:
        // a join also waits for the thread's own teardown (stack release, TLS destructors).
        let context = Unmanaged.passRetained(ahead).toOpaque()
        let started = pump_threads_start({ context in
            Unmanaged<DatabaseCheckAhead>.fromOpaque(context!).takeRetainedValue().run()
        }, context, "pumpd-check")
        guard started == 0 else {
            Unmanaged<DatabaseCheckAhead>.fromOpaque(context).release()
            return nil
        }
        return ahead
    }

    private func run() {
        let result: Result<CheckedDatabase?, StorageError>
        do throws(StorageError) {
            result = .success(try PumpDatabase.check(directory: directory, fileName: fileName, creatingMissing: false) { found in
                self.locked { $0.newestFirst = found }
            }.map(PumpDatabase.openingWriterAhead))
        } catch {
            result = .failure(error)
        }
        // Moved in, no copy kept: once `ended` is seen, the outcome alone holds the database's
        // lock, which must end with the database opened from it (this thread may run on).
        pthread_mutex_lock(mutex)
        outcome = consume result
        ended = true
        pthread_cond_broadcast(changed)
        pthread_mutex_unlock(mutex)
    }

    private func locked<T>(_ body: (DatabaseCheckAhead) -> T) -> T {
        pthread_mutex_lock(mutex)
        defer {
            pthread_cond_broadcast(changed)
            pthread_mutex_unlock(mutex)
        }
        return body(self)
    }

    /// Waits under `mutex` until `done` holds.
    private func wait(until done: () -> Bool) {
        pthread_mutex_lock(mutex)
        while !done() { pthread_cond_wait(changed, mutex) }
        pthread_mutex_unlock(mutex)
    }

    /// Waits for the checks to end and gives what they found (the database's lock with it), or
    /// throws the error the open would have thrown making them; nil when the database was gone
    /// once the lock was held (nothing is created ahead: the open then checks, and creates, itself).
    public func checked() throws(StorageError) -> CheckedDatabase? {
        wait { ended }
        // Taken out, not copied: the lock it holds must end with the database opened from it.
        return try locked { ahead in
            defer { ahead.outcome = nil }
            return ahead.outcome ?? .success(nil)
        }.get()
    }

    /// `checked()`, with `work` done meanwhile by the waiting thread on the intact checkpoints,
    /// newest first, that the database held before it was checked (read read-only, when its schema
    /// is this build's): work the open would do after the checks (decoding the newest), done
    /// while it would only wait. Not called when the checks ended first, or read no checkpoint.
    ///
    /// What `work` gets is unchecked: use its result only for a checkpoint equal to one the opened
    /// database holds.
    public func checked<Early>(meanwhile work: ([StoredCheckpoint]) -> Early) throws(StorageError) -> (database: CheckedDatabase?, early: Early?) {
        wait { ended || newestFirst != nil }
        let found = locked { $0.ended ? nil : $0.newestFirst }
        let early = found.flatMap { $0.isEmpty ? nil : work($0) }
        return (try checked(), early)
    }

    /// Waits for the checks to end and drops what they found unless `checked()` took it: a daemon
    /// calls it whenever it stops, so a check is never cut off half way (its temporary companion
    /// files left behind) and a writer opened ahead but never used is closed (its empty `-wal` and
    /// `-shm` removed by SQLite) before the lock is released, all before the process exits.
    public func finish() {
        wait { ended }
        let unused = locked { ahead in
            defer { ahead.outcome = nil }
            return ahead.outcome
        }
        _ = consume unused
    }
}
