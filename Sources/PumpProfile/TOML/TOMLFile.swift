import Foundation

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
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            return unreadable((error as NSError).localizedFailureReason ?? error.localizedDescription)
        }
        return parse(bytes: Array(data), file: path, decode: decode)
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
