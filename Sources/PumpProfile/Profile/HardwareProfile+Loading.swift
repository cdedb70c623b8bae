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
        guard let text = String(data: data, encoding: .utf8) else {
            return .failure(ProfileErrors(file: path, issues: [
                ProfileIssue(keyPath: "", location: nil, kind: .file, message: "the profile is not valid UTF-8 text")
            ]))
        }
        return parse(text: text, file: path)
    }

    /// Parses and validates profile text; `file` names it in messages.
    public static func parse(text: String, file: String) -> Result<HardwareProfile, ProfileErrors> {
        let document: TOMLDocument
        do {
            document = try TOMLDocument(parsing: text)
        } catch {
            return .failure(ProfileErrors(file: file, issues: [
                ProfileIssue(keyPath: "", location: error.location, kind: .syntax, message: error.message)
            ]))
        }
        return decode(document, file: file)
    }

    /// Validates a parsed document, collecting every issue.
    public static func decode(_ document: TOMLDocument, file: String) -> Result<HardwareProfile, ProfileErrors> {
        let decoder = ProfileDecoder(file: file)
        let profile = decoder.decode(document.root)
        if let profile, decoder.issues.isEmpty { return .success(profile) }
        return .failure(ProfileErrors(file: file, issues: decoder.issues))
    }
}
