internal import Glibc
internal import Synchronization

/// `PumpDatabase.check` run on a thread of its own, begun by a starting daemon before it loads its
/// profile: the read-only checks of an existing database (SQLite's integrity check and the
/// comparison with the seal, which read the whole file) run beside that work, on another CPU when
/// there is one, and `PumpDatabase.open(…, checked:)` continues from them.
///
/// Nothing is done earlier than the open would do it, and nothing more: only an existing database
/// file is checked ahead, read-only (a missing one is left for the open to create once the profile
/// has loaded), and a failed check is reported where the open would have reported it.
public final class DatabaseCheckAhead: Sendable {
    private let directory: String
    private let fileName: String
    private let outcome = Mutex<Result<CheckedDatabase?, StorageError>?>(nil)
    /// The checking thread until it is joined.
    private let thread = Mutex<pthread_t?>(nil)

    private init(directory: String, fileName: String) {
        self.directory = directory
        self.fileName = fileName
    }

    /// Begins the checks of the database `fileName` in `directory` on a new thread; nil when no
    /// such file exists (or no thread can be started): the open then makes the checks itself.
    public static func begin(directory: String, fileName: String = "pumpd.sqlite") -> DatabaseCheckAhead? {
        guard case .regular? = try? FileSystem.kind(of: DatabaseFiles(directory: directory, fileName: fileName).path) else { return nil }
        let ahead = DatabaseCheckAhead(directory: directory, fileName: fileName)
        // Started with every signal blocked, which it keeps: a signal meant for the daemon (taken
        // by its main thread) must never be delivered to, or end the process through, this thread.
        var all = sigset_t(), previous = sigset_t()
        sigfillset(&all)
        pthread_sigmask(SIG_SETMASK, &all, &previous)
        defer { pthread_sigmask(SIG_SETMASK, &previous, nil) }
        var handle = pthread_t()
        let context = Unmanaged.passRetained(ahead).toOpaque()
        let started = pthread_create(&handle, nil, { context in
            let ahead = Unmanaged<DatabaseCheckAhead>.fromOpaque(context!).takeRetainedValue()
            ahead.run()
            return nil
        }, context)
        guard started == 0 else {
            Unmanaged<DatabaseCheckAhead>.fromOpaque(context).release()
            return nil
        }
        ahead.thread.withLock { $0 = handle }
        return ahead
    }

    private func run() {
        let result: Result<CheckedDatabase?, StorageError>
        do throws(StorageError) {
            result = .success(try PumpDatabase.check(directory: directory, fileName: fileName, creatingMissing: false))
        } catch {
            result = .failure(error)
        }
        outcome.withLock { $0 = result }
    }

    /// Waits for the checks to end and gives what they found (the database's lock with it), or
    /// throws the error the open would have thrown making them; nil when the database was gone
    /// once the lock was held (nothing is created ahead: the open then checks, and creates, itself).
    public func checked() throws(StorageError) -> CheckedDatabase? {
        finish()
        // Taken out, not copied: the lock it holds must end with the database opened from it.
        return try outcome.withLock { kept in
            defer { kept = nil }
            return kept ?? .success(nil)
        }.get()
    }

    /// Waits for the checks to end: a daemon that stops before it opens its state calls it, so
    /// a check is never cut off half way (its temporary companion files left behind).
    public func finish() {
        thread.withLock { handle in
            guard let joined = handle else { return }
            pthread_join(joined, nil)
            handle = nil
        }
    }
}
