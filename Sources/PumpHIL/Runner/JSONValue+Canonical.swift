import Varlink

extension JSONValue {
    /// The same value with every object's members sorted by key (at every depth), so that equal
    /// values serialize to the same bytes whatever order they were written in.
    var canonical: JSONValue {
        switch self {
        case .array(let items): .array(items.map(\.canonical))
        case .object(let object): .object(JSONObject(object.members.sorted { $0.key < $1.key }.map { ($0.key, $0.value.canonical) }))
        default: self
        }
    }
}
