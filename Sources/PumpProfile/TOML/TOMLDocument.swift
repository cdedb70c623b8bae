/// A parsed TOML file: its root table, every value remembering its line and column.
public struct TOMLDocument: Hashable, Sendable {
    public var root: TOMLTable

    public init(root: TOMLTable) { self.root = root }

    /// Parses `text`; the first syntax error stops parsing and says where and what was expected.
    public init(parsing text: String) throws(TOMLSyntaxError) {
        var parser = TOMLParser(text: text)
        root = try parser.parseDocument()
    }

    public subscript(path: String...) -> TOMLValue? { root.value(at: path) }
}
