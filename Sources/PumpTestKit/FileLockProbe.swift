#if canImport(Glibc)
import Glibc
#endif

/// Whether a file's exclusive `flock` could be taken now, as another process (or another open of
/// it in this one: flock locks belong to the open file description) would try it: the lock files
/// of the state and of the step journal.
public enum FileLockProbe {
    /// 0 when the lock was free (taken and let go at once); otherwise the errno that refused it
    /// (EWOULDBLOCK: held; ENOENT: no such file).
    public static func error(tryingToLock path: String) -> Int32 {
        let fd = open(path, O_RDWR | O_CLOEXEC)
        guard fd >= 0 else { return errno }
        defer { close(fd) }
        return flock(fd, LOCK_EX | LOCK_NB) == 0 ? 0 : errno
    }
}
