internal import Glibc

/// The few POSIX file operations the store needs, with errno turned into words.
enum FileSystem {
    enum Kind: Equatable {
        case missing
        case regular(size: Int64)
        case directory
        case other
    }

    static func kind(of path: String) throws(StorageError) -> Kind {
        var info = stat()
        if stat(path, &info) != 0 {
            let code = errno
            if code == ENOENT { return .missing }
            throw .cannotOpen(path: path, reason: "cannot inspect it: \(describe(code))")
        }
        switch info.st_mode & S_IFMT {
        case S_IFREG: return .regular(size: Int64(info.st_size))
        case S_IFDIR: return .directory
        default: return .other
        }
    }

    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    static func isAccessible(_ path: String, mode: Int32) -> Bool {
        access(path, mode) == 0
    }

    /// Reads up to `count` bytes from the start of the file. Never call this on a file that this
    /// process has open in SQLite: closing the descriptor would drop SQLite's POSIX locks.
    static func readPrefix(of path: String, count: Int) throws(StorageError) -> [UInt8] {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 { throw .cannotOpen(path: path, reason: "cannot read it: \(describe(errno))") }
        defer { close(fd) }
        var bytes = [UInt8](repeating: 0, count: count)
        var filled = 0
        while filled < count {
            let got = bytes.withUnsafeMutableBytes { buffer in
                read(fd, buffer.baseAddress! + filled, count - filled)
            }
            if got < 0 {
                if errno == EINTR { continue }
                throw .cannotOpen(path: path, reason: "cannot read it: \(describe(errno))")
            }
            if got == 0 { break }
            filled += got
        }
        return Array(bytes[0..<filled])
    }

    /// Flushes a file or directory to stable storage.
    static func sync(_ path: String, directory: Bool = false) throws(StorageError) {
        let fd = open(path, (directory ? O_RDONLY | O_DIRECTORY : O_RDONLY) | O_CLOEXEC)
        if fd < 0 { throw .cannotOpen(path: path, reason: "cannot open it to sync: \(describe(errno))") }
        defer { close(fd) }
        if fsync(fd) != 0 { throw .cannotOpen(path: path, reason: "fsync failed: \(describe(errno))") }
    }

    /// Gives `source` the name `destination` only if no file has that name: never replaces one.
    static func linkWithoutReplacing(_ source: String, as destination: String) throws(StorageError) {
        if link(source, destination) == 0 {
            unlink(source)
            return
        }
        let code = errno
        if code == EEXIST {
            throw .cannotOpen(path: destination, reason: "a file appeared at this path while pumpd created it")
        }
        // File systems without hard links: the lock keeps other pumpd processes out, so check then
        // rename is safe against them.
        if code == EPERM || code == ENOTSUP || code == EOPNOTSUPP || code == ENOSYS {
            if exists(destination) {
                throw .cannotOpen(path: destination, reason: "a file appeared at this path while pumpd created it")
            }
            if rename(source, destination) == 0 { return }
        }
        throw .cannotOpen(path: destination, reason: "cannot move the new database into place: \(describe(errno))")
    }

    /// The mode of every state file: a medical record is the daemon's alone. SQLite gives the
    /// `-wal` and `-shm` files it creates the main file's mode.
    static let privateMode: mode_t = 0o600

    /// Creates an empty file at `path` (which must not exist) with exactly `mode`, whatever the
    /// process umask: files the store creates are never readable by other users.
    static func createFile(_ path: String, mode: mode_t = privateMode) throws(StorageError) {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, mode)
        if fd < 0 { throw .cannotOpen(path: path, reason: "cannot create it: \(describe(errno))") }
        defer { close(fd) }
        if fchmod(fd, mode) != 0 { throw .cannotOpen(path: path, reason: "cannot set its mode: \(describe(errno))") }
    }

    static func remove(_ path: String) {
        unlink(path)
    }

    static func describe(_ code: Int32) -> String {
        String(cString: strerror(code))
    }
}
