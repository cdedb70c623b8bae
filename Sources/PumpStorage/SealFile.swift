internal import Glibc

/// Reads and writes a `DurabilitySeal` at `<database>.seal`.
///
/// A write replaces the file atomically: the new text goes to `<seal>.new`, is fsync'd, renamed
/// over the seal, and the directory is fsync'd, so the name always refers to a whole seal, the old
/// one or the new one. Only the process holding the database's lock calls these.
enum SealFile {
    static func read(_ path: String) -> Result<DurabilitySeal, SealProblem> {
        switch try? FileSystem.kind(of: path) {
        case .missing?: return .failure(.missing)
        case .regular(let size)? where size > 4_096: return .failure(.damaged("it is \(size) bytes, far larger than a seal"))
        case .regular?: break
        default: return .failure(.damaged("it is not a regular file"))
        }
        guard let bytes = try? FileSystem.readPrefix(of: path, count: 4_096) else { return .failure(.damaged("it cannot be read")) }
        guard let text = String(validating: bytes, as: UTF8.self) else { return .failure(.damaged("it is not UTF-8 text")) }
        return DurabilitySeal.parse(text)
    }

    static func write(_ seal: DurabilitySeal, to path: String, directory: String) throws(StorageError) {
        let scratch = path + ".new"
        let fd = open(scratch, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
        if fd < 0 { throw .sealNotWritten(path: path, reason: "cannot create \(scratch): \(FileSystem.describe(errno))") }
        let bytes = Array(seal.text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { buffer in Glibc.write(fd, buffer.baseAddress! + written, bytes.count - written) }
            if count < 0 {
                if errno == EINTR { continue }
                let code = errno
                close(fd)
                throw .sealNotWritten(path: path, reason: "cannot write \(scratch): \(FileSystem.describe(code))")
            }
            written += count
        }
        if fsync(fd) != 0 {
            let code = errno
            close(fd)
            throw .sealNotWritten(path: path, reason: "fsync of \(scratch) failed: \(FileSystem.describe(code))")
        }
        close(fd)
        if rename(scratch, path) != 0 {
            throw .sealNotWritten(path: path, reason: "cannot rename \(scratch) into place: \(FileSystem.describe(errno))")
        }
        do { try FileSystem.sync(directory, directory: true) } catch {
            throw .sealNotWritten(path: path, reason: "the directory could not be synced: \(error)")
        }
    }
}
