/// One key of a table with its value, and where the key was written.
public struct TOMLEntry: Hashable, Sendable {
    public var key: String
    /// Where the key itself (its first segment, for a dotted key) was written.
    public var keyLocation: SourceLocation
    public var value: TOMLValue

    public init(key: String, keyLocation: SourceLocation, value: TOMLValue) {
        self.key = key
        self.keyLocation = keyLocation
        self.value = value
    }
}
