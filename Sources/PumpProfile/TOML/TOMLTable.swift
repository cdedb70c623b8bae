/// A TOML table: its keys in the order written, and where it was opened (its header, the `{` of an
/// inline table, or the first key that implied it).
public struct TOMLTable: Hashable, Sendable {
    /// How a table came to exist, which decides what may still add to it (TOML 1.0 rules).
    enum Origin: Hashable, Sendable {
        /// Named only as a prefix of a header (`[a.b]` implies `a`); a later `[a]` may define it.
        case implicit
        /// Defined by a `[header]` or `[[header]]`.
        case header
        /// Created by a dotted key (`a.b = 1` creates `a`).
        case dotted
        /// An inline table `{ … }`: closed once written.
        case inline
    }

    public internal(set) var entries: [TOMLEntry]
    public internal(set) var location: SourceLocation
    var origin: Origin

    init(at location: SourceLocation, origin: Origin) {
        self.entries = []
        self.location = location
        self.origin = origin
    }

    public var keys: [String] { entries.map(\.key) }

    public func entry(named key: String) -> TOMLEntry? { entries.first { $0.key == key } }

    public subscript(key: String) -> TOMLValue? { entry(named: key)?.value }

    /// The value at a dotted path of keys, e.g. `["motor", "step_volume_pl"]`; descends into the
    /// last element of an array of tables.
    public func value(at path: [String]) -> TOMLValue? {
        guard let first = path.first, let value = self[first] else { return nil }
        if path.count == 1 { return value }
        switch value.kind {
        case .table(let table): return table.value(at: Array(path.dropFirst()))
        case .array(let items) where value.isTableArray: return items.last?.table?.value(at: Array(path.dropFirst()))
        default: return nil
        }
    }

    func index(of key: String) -> Int? { entries.firstIndex { $0.key == key } }
}
