#if canImport(Glibc)
import Glibc
#endif

/// Reads a TOML file for a decoder that reports `ProfileErrors` (the rig profile, the drug
/// library): an unreadable file is a file issue, bytes that are not UTF-8 or not TOML a syntax
/// issue at their line and column; otherwise `decode` judges the document. Only a regular file of
/// at most `maximumBytes` is read, so a path naming a device or a FIFO (`/dev/zero`) cannot hang
/// or exhaust the check or the daemon.
enum TOMLFile {
    typealias Decode<Value> = (TOMLDocument, String) -> Result<Value, ProfileErrors>

    /// Far above any profile or library (the shipped ones are a few KiB).
    static let maximumBytes = 1 << 20

    /// `what`: the file's role for the unreadable message (`the profile`, `the drug library`).
    static func load<Value>(path: String, what: String, decode: Decode<Value>) -> Result<Value, ProfileErrors> {
        func unreadable(_ reason: String) -> Result<Value, ProfileErrors> {
            .failure(ProfileErrors(file: path, issues: [ProfileIssue(keyPath: "", location: nil, kind: .file, message: "cannot read \(what): \(reason)")]))
        }
        var info = stat()
        if stat(path, &info) == 0 {
            guard info.st_mode & S_IFMT == S_IFREG else { return unreadable("not a regular file") }
            guard info.st_size <= maximumBytes else { return unreadable("\(info.st_size) bytes, more than the \(maximumBytes) a file may have") }
        }
        switch readAll(path) {
        case .success(let bytes): return parse(bytes: bytes, file: path, decode: decode)
        case .failure(let error): return unreadable(String(cString: strerror(error.code)))
        }
    }

    struct ReadError: Error { let code: Int32 }

    /// The file's bytes (at most `maximumBytes` + 1, which the size check above refuses anyway).
    private static func readAll(_ path: String) -> Result<[UInt8], ReadError> {
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        guard fd >= 0 else { return .failure(ReadError(code: errno)) }
        defer { close(fd) }
        var bytes: [UInt8] = []
        // Not zeroed first: of its 16 pages, only those a read fills are touched (a profile is a few kB).
        let chunk = UnsafeMutableRawBufferPointer.allocate(byteCount: 64 * 1024, alignment: 1)
        defer { chunk.deallocate() }
        while bytes.count <= maximumBytes {
            let count = read(fd, chunk.baseAddress, chunk.count)
            if count < 0 {
                if errno == EINTR { continue }
                return .failure(ReadError(code: errno))
            }
            if count == 0 { break }
            bytes += UnsafeRawBufferPointer(rebasing: chunk[..<count])
        }
        return .success(bytes)
    }

    static func parse<Value>(bytes: [UInt8], file: String, decode: Decode<Value>) -> Result<Value, ProfileErrors> {
        do { return decode(try TOMLDocument(parsing: bytes), file) } catch { return syntaxFailure(error, file: file) }
    }

    static func parse<Value>(text: String, file: String, decode: Decode<Value>) -> Result<Value, ProfileErrors> {
        do { return decode(try TOMLDocument(parsing: text), file) } catch { return syntaxFailure(error, file: file) }
    }

    private static func syntaxFailure<Value>(_ error: TOMLSyntaxError, file: String) -> Result<Value, ProfileErrors> {
        .failure(ProfileErrors(file: file, issues: [ProfileIssue(keyPath: "", location: error.location, kind: .syntax, message: error.message)]))
    }
}
