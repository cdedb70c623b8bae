#if canImport(Glibc)
import Glibc
#endif

/// A socket file the service created, identified by device and inode so that shutdown removes it
/// only if it is still ours (not a file another instance has put there since).
struct SocketFile: Sendable {
    let path: String
    let device: UInt64
    let inode: UInt64

    /// The file now at `path`, when it is a socket.
    static func socket(at path: String) -> SocketFile? {
        var status = stat()
        guard lstat(path, &status) == 0, status.st_mode & S_IFMT == S_IFSOCK else { return nil }
        return SocketFile(path: path, device: UInt64(status.st_dev), inode: UInt64(status.st_ino))
    }

    /// Removes the file if `path` still names this socket.
    func removeIfStillOurs() {
        guard let now = Self.socket(at: path), now.device == device, now.inode == inode else { return }
        unlink(path)
    }

    /// `a regular file`, `a directory`, … for the file type bits of `mode`.
    static func typeName(_ mode: mode_t) -> String {
        switch mode & S_IFMT {
        case S_IFREG: "regular file"
        case S_IFDIR: "directory"
        case S_IFLNK: "symbolic link"
        case S_IFIFO: "FIFO"
        case S_IFCHR: "character device"
        case S_IFBLK: "block device"
        default: "file of unknown type"
        }
    }

    /// The directory part of `path` (`.` for a bare name).
    static func directory(of path: String) -> String {
        guard let slash = path.lastIndex(of: "/") else { return "." }
        return slash == path.startIndex ? "/" : String(path[..<slash])
    }
}
