extension HardwareProfile {
    /// Reads and validates the profile at `path` (and the drug library it names); on failure,
    /// every issue found.
    public static func load(path: String) -> Result<HardwareProfile, ProfileErrors> {
        TOMLFile.load(path: path, what: "the profile", decode: decode)
    }

    /// Parses and validates a profile's bytes; bytes that are not UTF-8 are a syntax issue at their
    /// line and column.
    public static func parse(bytes: [UInt8], file: String) -> Result<HardwareProfile, ProfileErrors> {
        TOMLFile.parse(bytes: bytes, file: file, decode: decode)
    }

    /// Parses and validates profile text; `file` names it in messages, and a relative
    /// `drug_library` is read from `file`'s directory.
    public static func parse(text: String, file: String) -> Result<HardwareProfile, ProfileErrors> {
        TOMLFile.parse(text: text, file: file, decode: decode)
    }

    /// Validates a parsed document, collecting every issue.
    public static func decode(_ document: TOMLDocument, file: String) -> Result<HardwareProfile, ProfileErrors> {
        let decoder = ProfileDecoder(file: file)
        let profile = decoder.decode(document.root)
        if let profile, decoder.issues.isEmpty { return .success(profile) }
        return .failure(ProfileErrors(file: file, issues: decoder.issues))
    }
}
