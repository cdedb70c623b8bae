/// The top-level members of a message being decoded, with where each value starts, for precise
/// ``VarlinkMessageError``s.
struct MessageMembers {
    let object: JSONObject
    let offsets: [String: Int]

    init(_ value: JSONValue, offsets: [String: Int]) throws(VarlinkMessageError) {
        guard let object = value.objectValue else {
            throw VarlinkMessageError(.notAnObject(found: value.typeName), at: 0)
        }
        self.object = object
        self.offsets = offsets
    }

    func offset(of name: String) -> Int { offsets[name] ?? 0 }

    /// The member converted by `convert`; nil when absent or `null`.
    func optional<Value>(
        _ name: String, as convert: (JSONValue) -> Value?, expected: String
    ) throws(VarlinkMessageError) -> Value? {
        guard let value = object[name], !value.isNull else { return nil }
        guard let converted = convert(value) else {
            throw VarlinkMessageError(
                .wrongType(member: name, expected: expected, found: value.typeName), at: offset(of: name))
        }
        return converted
    }

    func required<Value>(
        _ name: String, as convert: (JSONValue) -> Value?, expected: String
    ) throws(VarlinkMessageError) -> Value {
        guard let value = try optional(name, as: convert, expected: expected) else {
            throw VarlinkMessageError(.missingMember(name), at: 0)
        }
        return value
    }
}
