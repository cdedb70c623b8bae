import Foundation

extension HardwareProfile {
    /// Reads and validates the profile at `path`; on failure, every issue found.
    public static func load(path: String) -> Result<HardwareProfile, ProfileErrors> {
        let data: Data
        do {
            data = try Data(contentsOf: URL(fileURLWithPath: path))
        } catch {
            let reason = (error as NSError).localizedFailureReason ?? error.localizedDescription
            return .failure(ProfileErrors(file: path, issues: [
                ProfileIssue(keyPath: "", location: nil, kind: .file, message: "cannot read the profile: \(reason)")
            ]))
        }
        return parse(bytes: Array(data), file: path)
    }

    /// Parses and validates a profile's bytes; bytes that are not UTF-8 are a syntax issue at their
    /// line and column.
    public static func parse(bytes: [UInt8], file: String) -> Result<HardwareProfile, ProfileErrors> {
        do { return decode(try TOMLDocument(parsing: bytes), file: file) } catch { return syntaxFailure(error, file: file) }
    }

    /// Parses and validates profile text; `file` names it in messages.
    public static func parse(text: String, file: String) -> Result<HardwareProfile, ProfileErrors> {
        do { return decode(try TOMLDocument(parsing: text), file: file) } catch { return syntaxFailure(error, file: file) }
    }

    private static func syntaxFailure(_ error: TOMLSyntaxError, file: String) -> Result<HardwareProfile, ProfileErrors> {
        .failure(ProfileErrors(file: file, issues: [
            ProfileIssue(keyPath: "", location: error.location, kind: .syntax, message: error.message)
        ]))
    }

    /// Validates a parsed document, collecting every issue.
    public static func decode(_ document: TOMLDocument, file: String) -> Result<HardwareProfile, ProfileErrors> {
        let decoder = ProfileDecoder(file: file)
        let profile = decoder.decode(document.root)
        if let profile, decoder.issues.isEmpty { return .success(profile) }
        return .failure(ProfileErrors(file: file, issues: decoder.issues))
    }
}
