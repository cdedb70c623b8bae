/// One segment of a (possibly dotted) key as written, with its position.
struct TOMLKey: Hashable, Sendable {
    var name: String
    var location: SourceLocation
}
