/// A stored value that is missing, NULL or of another type than the record reading it expects.
struct RowDecodingError: Error, Sendable, CustomStringConvertible {
    let column: String
    let found: DatabaseValue
    let expected: String

    var description: String { "could not decode \(expected) from \(found) in column \(column)" }
}
