#if canImport(Glibc)
import Glibc
#endif
import Varlink

/// A private directory next to a socket's final path, where the socket is bound before it is
/// given its mode and group and renamed into place: it never appears at the path with other
/// permissions or another group.
struct StagedSocket {
    let directory: String
    var path: String { directory + "/s" }

    /// Checks that `path` may be served (nothing there, or a stale socket, which the rename will
    /// replace) and makes the directory its socket is bound in.
    static func make(for path: String) throws(VarlinkServiceError) -> StagedSocket {
        try checkServable(path)
        return try makeDirectory(for: path)
    }

    /// Makes the directory a socket for `path` is bound in, without looking at `path` itself: for a
    /// socket bound before the daemon may serve (``EarlyListener``), which checks `path` only when
    /// it places the socket there.
    static func makeDirectory(for path: String) throws(VarlinkServiceError) -> StagedSocket {
        let directory = SocketFile.directory(of: path)
        // `sun_path` holds 107 bytes; the staged path is `<directory>/.vl-XXXXXX/s`.
        guard directory.utf8.count + 13 <= 107, path.utf8.count <= 107 else {
            throw .bindFailed(path: path, reason: "the socket path is too long (its directory may have at most 94 bytes)")
        }
        var template = Array("\(directory)/.vl-XXXXXX".utf8CString)
        guard mkdtemp(&template) != nil else { throw .socketPathFailed(path: directory, call: "mkdtemp", errno: errno) }
        return StagedSocket(directory: template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) })
    }

    /// Gives the bound socket its mode and group and renames it to `path`; the failure, if any
    /// (the caller closes the channel and reports it).
    func place(at path: String, mode: UInt32, group: UInt32?) -> VarlinkServiceError? {
        if chmod(self.path, mode_t(mode)) != 0 { return .socketPathFailed(path: path, call: "chmod", errno: errno) }
        if let group, chown(self.path, uid_t.max, gid_t(group)) != 0 { return .socketPathFailed(path: path, call: "chown", errno: errno) }
        if rename(self.path, path) != 0 { return .socketPathFailed(path: path, call: "rename", errno: errno) }
        return nil
    }

    func remove() {
        unlink(path)
        rmdir(directory)
    }

    /// Refuses a path holding anything but a stale socket.
    static func checkServable(_ path: String) throws(VarlinkServiceError) {
        var status = stat()
        guard lstat(path, &status) == 0 else {
            if errno == ENOENT { return }
            throw .socketPathFailed(path: path, call: "lstat", errno: errno)
        }
        guard status.st_mode & S_IFMT == S_IFSOCK else {
            throw .pathOccupied(path: path, fileType: SocketFile.typeName(status.st_mode))
        }
        if (try? VarlinkConnection(path: path)) != nil { throw .socketInUse(path: path) }
    }
}
