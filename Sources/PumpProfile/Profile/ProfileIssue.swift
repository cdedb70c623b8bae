/// One problem in a profile: where, under which key, what kind, and a message for a person.
public struct ProfileIssue: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        /// Not valid TOML (or TOML profiles do not support).
        case syntax
        /// A key the schema does not have (`suggestion` may name the intended one).
        case unknownKey
        case missingKey
        /// A value of another TOML type than the key takes.
        case wrongType
        /// Out of range, inconsistent with another key, or impossible for the hardware.
        case invalidValue
        /// A key that the rest of the profile makes meaningless (e.g. a GPIO line on a simulated rig).
        case notApplicable
        /// The same GPIO line used for two purposes.
        case duplicateLine
        /// The file could not be read.
        case file
        /// Found by the daemon against the real hardware (e.g. a line the chip lacks).
        case hardware
    }

    /// The dotted key, e.g. `motor.step_volume_pl`; empty for syntax and file issues.
    public var keyPath: String
    /// Line and column; nil when the issue concerns the whole file.
    public var location: SourceLocation?
    public var kind: Kind
    public var message: String
    /// For an unknown key: the known key it most likely meant.
    public var suggestion: String?
    /// The file the issue is in when it is not the one being checked (an issue in the drug library
    /// a profile names); nil: that file.
    public var file: String?

    public init(keyPath: String, location: SourceLocation?, kind: Kind, message: String, suggestion: String? = nil, file: String? = nil) {
        self.keyPath = keyPath
        self.location = location
        self.kind = kind
        self.message = message
        self.suggestion = suggestion
        self.file = file
    }

    public var line: Int? { location?.line }
    public var column: Int? { location?.column }

    /// `12:1: error: motor.step_volum_pl: unknown key (did you mean step_volume_pl?)`; prefix it
    /// with the file and a colon for a compiler-style line (as `ProfileErrors` does).
    public var description: String {
        let position = location.map { "\($0): " } ?? " "
        let key = keyPath.isEmpty ? "" : "\(keyPath): "
        return "\(position)error: \(key)\(message)"
    }
}
