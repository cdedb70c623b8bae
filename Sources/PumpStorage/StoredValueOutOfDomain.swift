/// A stored value that decodes but cannot be what the store wrote (reported as damage).
struct StoredValueOutOfDomain: Error, CustomStringConvertible {
    let description: String
}
