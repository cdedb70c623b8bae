/// Text that is not valid TOML (or uses TOML that rig profiles do not support): where, and what
/// was expected there.
public struct TOMLSyntaxError: Error, Hashable, Sendable, CustomStringConvertible {
    public var location: SourceLocation
    public var message: String

    public init(_ message: String, at location: SourceLocation) {
        self.location = location
        self.message = message
    }

    /// `line:column: message`.
    public var description: String { "\(location): \(message)" }
}
