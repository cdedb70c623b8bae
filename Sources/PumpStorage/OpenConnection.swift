/// The connection pool of an open database and the lock that keeps it pumpd's alone.
///
/// Operations hold a reference for as long as they run, so the lock is released only after the
/// last of them, and only after the pool's connections are closed.
final class OpenConnection: Sendable {
    let pool: DatabasePool
    private let lock: FileLock

    init(pool: DatabasePool, lock: FileLock) {
        self.pool = pool
        self.lock = lock
    }

    deinit {
        // Connections close before the lock goes: another open in this process must not find
        // SQLite handles on the file it is about to inspect.
        pool.close()
    }
}
