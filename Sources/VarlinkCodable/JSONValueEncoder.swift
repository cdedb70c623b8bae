import Varlink

/// Encodes an `Encodable` value straight into a `JSONValue`, the value `JSONEncoder` with
/// `.sortedKeys` would produce and `JSONValue.parse` read back, without the text in between.
///
/// Members are ordered as `.sortedKeys` orders them (by their UTF-8 bytes), nil optionals encoded
/// with `encodeIfPresent` are left out, and an integral `Double` becomes an integer as
/// `JSONEncoder`'s text `1` parses. It has none of `JSONEncoder`'s strategies (dates, data, keys):
/// the wire types hold integers, strings and bools.
struct JSONValueEncoder {
    static func encode(_ value: some Encodable) throws -> JSONValue {
        let root = JSONNode()
        try root.encode(value, codingPath: [])
        return root.value
    }
}

/// One value being built: a scalar, or the members or elements containers add to it.
final class JSONNode {
    private var scalar: JSONValue?
    private var members: [String: JSONNode]?
    private var elements: [JSONNode]?

    var value: JSONValue {
        if let scalar { return scalar }
        if let elements { return .array(elements.map(\.value)) }
        let sorted = (members ?? [:]).sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
        return .object(JSONObject(sorted.map { ($0.key, $0.value.value) }))
    }

    func set(_ value: JSONValue) { scalar = value }

    func member(_ key: String) -> JSONNode {
        if members == nil { members = [:] }
        if let existing = members![key] { return existing }
        let node = JSONNode()
        members![key] = node
        return node
    }

    func makeObject() { if members == nil { members = [:] } }

    func makeArray() { if elements == nil { elements = [] } }

    func append() -> JSONNode {
        let node = JSONNode()
        elements!.append(node)
        return node
    }

    var count: Int { elements?.count ?? 0 }

    func encode(_ value: some Encodable, codingPath: [any CodingKey]) throws {
        switch value {
        case let text as String: scalar = .string(text)
        case let number as Int64: scalar = .integer(number)
        case let number as Int: scalar = .integer(Int64(number))
        case let flag as Bool: scalar = .bool(flag)
        default: try value.encode(to: JSONNodeEncoder(node: self, codingPath: codingPath))
        }
    }

    static func number(_ value: Double) -> JSONValue {
        // JSONEncoder writes an integral double without a fraction (`1`), which parses as an integer.
        if value.rounded() == value, abs(value) < 1e15 { return .integer(Int64(value)) }
        return .double(value)
    }

    static func integer<T: BinaryInteger>(_ value: T, codingPath: [any CodingKey]) throws -> JSONValue {
        guard let exact = Int64(exactly: value) else {
            throw EncodingError.invalidValue(value, .init(codingPath: codingPath, debugDescription: "beyond Int64"))
        }
        return .integer(exact)
    }
}

struct JSONNodeEncoder: Encoder {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        node.makeObject()
        return KeyedEncodingContainer(JSONKeyedContainer<Key>(node: node, codingPath: codingPath))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        node.makeArray()
        return JSONUnkeyedContainer(node: node, codingPath: codingPath)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer { JSONSingleValueContainer(node: node, codingPath: codingPath) }
}

struct JSONKeyedContainer<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let node: JSONNode
    let codingPath: [any CodingKey]

    private func set(_ value: JSONValue, _ key: Key) { node.member(key.stringValue).set(value) }

    mutating func encodeNil(forKey key: Key) throws { set(.null, key) }
    mutating func encode(_ value: Bool, forKey key: Key) throws { set(.bool(value), key) }
    mutating func encode(_ value: String, forKey key: Key) throws { set(.string(value), key) }
    mutating func encode(_ value: Double, forKey key: Key) throws { set(JSONNode.number(value), key) }
    mutating func encode(_ value: Float, forKey key: Key) throws { set(JSONNode.number(Double(value)), key) }
    mutating func encode(_ value: Int, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int8, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int16, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: Int64, forKey key: Key) throws { set(.integer(value), key) }
    mutating func encode(_ value: UInt, forKey key: Key) throws { set(try JSONNode.integer(value, codingPath: codingPath + [key]), key) }
    mutating func encode(_ value: UInt8, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt16, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt32, forKey key: Key) throws { set(.integer(Int64(value)), key) }
    mutating func encode(_ value: UInt64, forKey key: Key) throws { set(try JSONNode.integer(value, codingPath: codingPath + [key]), key) }
    mutating func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        try node.member(key.stringValue).encode(value, codingPath: codingPath + [key])
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type, forKey key: Key) -> KeyedEncodingContainer<NestedKey> {
        let child = node.member(key.stringValue)
        child.makeObject()
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(node: child, codingPath: codingPath + [key]))
    }

    mutating func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let child = node.member(key.stringValue)
        child.makeArray()
        return JSONUnkeyedContainer(node: child, codingPath: codingPath + [key])
    }

    mutating func superEncoder() -> any Encoder { JSONNodeEncoder(node: node.member("super"), codingPath: codingPath) }
    mutating func superEncoder(forKey key: Key) -> any Encoder {
        JSONNodeEncoder(node: node.member(key.stringValue), codingPath: codingPath + [key])
    }
}

struct JSONUnkeyedContainer: UnkeyedEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]
    var count: Int { node.count }

    private var path: [any CodingKey] { codingPath + [JSONIndexKey(intValue: count)] }

    mutating func encodeNil() throws { node.append().set(.null) }
    mutating func encode(_ value: Bool) throws { node.append().set(.bool(value)) }
    mutating func encode(_ value: String) throws { node.append().set(.string(value)) }
    mutating func encode(_ value: Double) throws { node.append().set(JSONNode.number(value)) }
    mutating func encode(_ value: Float) throws { node.append().set(JSONNode.number(Double(value))) }
    mutating func encode(_ value: Int) throws { node.append().set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { node.append().set(.integer(value)) }
    mutating func encode<T: Encodable>(_ value: T) throws {
        let path = path
        try node.append().encode(value, codingPath: path)
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let path = path
        let child = node.append()
        child.makeObject()
        return KeyedEncodingContainer(JSONKeyedContainer<NestedKey>(node: child, codingPath: path))
    }

    mutating func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let path = path
        let child = node.append()
        child.makeArray()
        return JSONUnkeyedContainer(node: child, codingPath: path)
    }

    mutating func superEncoder() -> any Encoder {
        let path = path
        return JSONNodeEncoder(node: node.append(), codingPath: path)
    }
}

struct JSONSingleValueContainer: SingleValueEncodingContainer {
    let node: JSONNode
    let codingPath: [any CodingKey]

    mutating func encodeNil() throws { node.set(.null) }
    mutating func encode(_ value: Bool) throws { node.set(.bool(value)) }
    mutating func encode(_ value: String) throws { node.set(.string(value)) }
    mutating func encode(_ value: Double) throws { node.set(JSONNode.number(value)) }
    mutating func encode(_ value: Float) throws { node.set(JSONNode.number(Double(value))) }
    mutating func encode(_ value: Int) throws { node.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int8) throws { node.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int16) throws { node.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int32) throws { node.set(.integer(Int64(value))) }
    mutating func encode(_ value: Int64) throws { node.set(.integer(value)) }
    mutating func encode(_ value: UInt) throws { node.set(try JSONNode.integer(value, codingPath: codingPath)) }
    mutating func encode(_ value: UInt8) throws { node.set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt16) throws { node.set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt32) throws { node.set(.integer(Int64(value))) }
    mutating func encode(_ value: UInt64) throws { node.set(try JSONNode.integer(value, codingPath: codingPath)) }
    mutating func encode<T: Encodable>(_ value: T) throws { try node.encode(value, codingPath: codingPath) }
}
