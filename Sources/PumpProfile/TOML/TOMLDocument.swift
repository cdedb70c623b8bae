/// A parsed TOML file: its root table, every value remembering its line and column.
public struct TOMLDocument: Hashable, Sendable {
    public var root: TOMLTable

    public init(root: TOMLTable) { self.root = root }

    /// Parses `text`; the first syntax error stops parsing and says where and what was expected.
    public init(parsing text: String) throws(TOMLSyntaxError) {
        var parser = TOMLParser(text: text)
        root = try parser.parseDocument()
    }

    /// Parses a file's bytes: bytes that are not UTF-8 are a syntax error at their line and column.
    public init(parsing bytes: some Collection<UInt8>) throws(TOMLSyntaxError) {
        try self.init(parsing: UTF8SourceDecoder.decode(bytes))
    }

    public subscript(path: String...) -> TOMLValue? { root.value(at: path) }
}
