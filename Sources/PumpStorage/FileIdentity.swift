internal import Glibc

/// A file's identity on its file system (device and inode): the same name naming another file, or
/// none, means the file was replaced or deleted.
struct FileIdentity: Hashable, Sendable, CustomStringConvertible {
    let device: UInt64
    let inode: UInt64

    /// The identity of the file `path` names now; nil when nothing has that name.
    static func of(_ path: String) -> FileIdentity? {
        var info = stat()
        guard stat(path, &info) == 0 else { return nil }
        return FileIdentity(device: UInt64(info.st_dev), inode: UInt64(info.st_ino))
    }

    var description: String { "device \(device) inode \(inode)" }
}

/// The files of an open database that must stay the ones pumpd opened, with their identities.
struct WatchedFiles: Sendable {
    var entries: [(path: String, role: String, identity: FileIdentity)]

    /// A finding per file that is now missing or another file; empty when all are in place.
    func findings() -> [(path: String, reason: String)] {
        entries.compactMap { entry in
            switch FileIdentity.of(entry.path) {
            case nil: return (entry.path, "(\(entry.role)) was deleted")
            case let now? where now != entry.identity: return (entry.path, "(\(entry.role)) was replaced by another file")
            default: return nil
            }
        }
    }
}
