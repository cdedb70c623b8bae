/// A decoded value with the key path and position it came from, so later cross-checks can report
/// at the right place.
struct Field<Value> {
    var value: Value
    var keyPath: String
    var location: SourceLocation
}
