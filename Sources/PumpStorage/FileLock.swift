internal import Glibc

/// An exclusive advisory lock (flock) on `<database>.lock`, held while the database is open so two
/// pumpd processes never drive one pump, and so this process never has two SQLite handles and a
/// stray descriptor on one file (closing any descriptor drops all of a process's POSIX locks).
final class FileLock: Sendable {
    private let descriptor: Int32

    init(path: String, database: String) throws(StorageError) {
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, FileSystem.privateMode)
        if fd < 0 {
            throw .cannotOpen(path: database, reason: "cannot create its lock file \(path): \(FileSystem.describe(errno))")
        }
        while flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let code = errno
            if code == EINTR { continue }
            close(fd)
            if code == EWOULDBLOCK { throw .inUse(path: database) }
            throw .cannotOpen(path: database, reason: "cannot lock \(path): \(FileSystem.describe(code))")
        }
        descriptor = fd
    }

    deinit {
        close(descriptor)
    }
}
