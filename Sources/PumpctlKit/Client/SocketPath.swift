#if canImport(Glibc)
import Glibc
#endif

/// What is at a socket path, and who may open it: for saying exactly why a connection failed.
enum SocketPath {
    /// The kind of file at a path.
    enum Kind: Equatable {
        case socket, directory, regularFile
        /// Another kind of file, e.g. `a FIFO`.
        case other(String)
        /// Nothing, or nothing pumpctl may look at.
        case unknown
    }

    static func kind(of path: String) -> Kind {
        var info = stat()
        guard stat(path, &info) == 0 else { return .unknown }
        switch info.st_mode & S_IFMT {
        case S_IFSOCK: return .socket
        case S_IFDIR: return .directory
        case S_IFREG: return .regularFile
        case S_IFIFO: return .other("a FIFO")
        case S_IFCHR, S_IFBLK: return .other("a device")
        default: return .other("not a socket file")
        }
    }

    /// Why `path` may not be opened and what to do: the socket's group to join (mode 0660: its
    /// group's members may connect), or the directory on the way that may not be searched.
    static func permissionDenied(_ path: String) -> String {
        if let blocked = unsearchableDirectory(on: path) {
            return "permission denied: you may not open pumpd's socket \(path): you may not enter \(blocked)"
                + (groupName(of: blocked).map { " (owned by group \($0): ask to join it)" } ?? "")
        }
        guard let group = groupName(of: path) else {
            return "permission denied: you may not open pumpd's socket \(path) (ask for membership of the group that owns it)"
        }
        return "permission denied: you may not open pumpd's socket \(path): join the group \(group) that owns it "
            + "(sudo usermod -aG \(group) $USER, then log in again)"
    }

    /// The first directory leading to `path` that the caller may not search, if any.
    static func unsearchableDirectory(on path: String) -> String? {
        let parts = path.split(separator: "/", omittingEmptySubsequences: true).dropLast()
        var directory = path.hasPrefix("/") ? "" : "."
        for part in parts {
            directory += "/" + part
            if access(directory, X_OK) != 0, errno == EACCES { return directory }
        }
        return nil
    }

    /// The name of the group owning `path` (its number when the group has no name), nil when it
    /// cannot be read.
    static func groupName(of path: String) -> String? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        var entry = group()
        var result: UnsafeMutablePointer<group>?
        var buffer = [CChar](repeating: 0, count: 16_384)
        guard getgrgid_r(info.st_gid, &entry, &buffer, buffer.count, &result) == 0, result != nil, let name = entry.gr_name else {
            return "\(info.st_gid)"
        }
        return String(cString: name)
    }
}
