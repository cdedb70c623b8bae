#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The directory a file path names its file in, as Foundation's `URL` gives it
/// (`URL(fileURLWithPath:).deletingLastPathComponent().path`). A plain absolute path (no `.` or
/// `..` parts, no empty ones, no trailing slash), the usual socket path, is cut at its last slash
/// without building a URL: the URLs were about 1 % of pumpd's start. Any other path goes through
/// `URL` as before (a relative one is resolved against the working directory).
enum ParentDirectory {
    static func of(_ path: String) -> String {
        let bytes = Array(path.utf8)
        guard isPlainAbsolute(bytes), let slash = bytes.lastIndex(of: UInt8(ascii: "/")) else {
            return URL(fileURLWithPath: path).deletingLastPathComponent().path
        }
        return slash == 0 ? "/" : String(decoding: bytes[..<slash], as: UTF8.self)
    }

    /// One pass over the bytes (the generic `split` it replaces cost ~20 µs of first-use work on
    /// the way to pumpd's first answer): after the leading slash, every part up to the next slash
    /// or the end is neither empty, `.` nor `..`.
    private static func isPlainAbsolute(_ bytes: [UInt8]) -> Bool {
        let slash = UInt8(ascii: "/"), dot = UInt8(ascii: ".")
        guard bytes.first == slash, bytes.count > 1 else { return false }
        var start = 1
        for index in 1...bytes.count where index == bytes.count || bytes[index] == slash {
            let length = index - start
            if length == 0 { return false }
            if length <= 2, bytes[start] == dot, length == 1 || bytes[start + 1] == dot { return false }
            start = index + 1
        }
        return true
    }
}
