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

    private static func isPlainAbsolute(_ bytes: [UInt8]) -> Bool {
        guard bytes.first == UInt8(ascii: "/"), bytes.count > 1 else { return false }
        let parts = bytes.dropFirst().split(separator: UInt8(ascii: "/"), omittingEmptySubsequences: false)
        return parts.allSatisfy { !$0.isEmpty && !$0.elementsEqual([UInt8(ascii: ".")]) && !$0.elementsEqual([UInt8(ascii: "."), UInt8(ascii: ".")]) }
    }
}
