internal import Glibc

/// A file of `size` bytes that pumpd keeps allocated beside its database (`<database>.reserve`)
/// and deletes when the file system fills, so that the storage-failure alarm, the stop it causes
/// and the change that hit the full disk can still be written to the event log.
struct SpaceReserve: Sendable {
    let path: String
    static let size = 4 * 1_024 * 1_024

    /// Whether the reserve file is absent (given up, or never made).
    var isMissing: Bool { !FileSystem.exists(path) }

    /// Makes the reserve: its blocks are allocated (not a sparse file), then fsync'd.
    func create() throws(StorageError) {
        let scratch = path + ".new"
        let fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw .cannotOpen(path: scratch, reason: "cannot create the space reserve: \(FileSystem.describe(errno))") }
        let allocated = posix_fallocate(fd, 0, off_t(Self.size))
        let synced = allocated == 0 ? fsync(fd) : 0
        close(fd)
        if allocated != 0 || synced != 0 {
            unlink(scratch)
            let code = allocated != 0 ? allocated : errno
            if code == ENOSPC { throw .storageFull(path: path) }
            throw .cannotOpen(path: scratch, reason: "cannot allocate the space reserve: \(FileSystem.describe(code))")
        }
        if rename(scratch, path) != 0 {
            throw .cannotOpen(path: path, reason: "cannot put the space reserve in place: \(FileSystem.describe(errno))")
        }
    }

    /// Deletes the reserve; false when there was none to give up.
    func release() -> Bool {
        unlink(path) == 0
    }
}
