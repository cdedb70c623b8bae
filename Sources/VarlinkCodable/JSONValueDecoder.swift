public import Varlink

/// Decodes a `Decodable` value straight from a `JSONValue`: what `JSONDecoder` with its default
/// strategies reads from the same JSON text, for the types pumpd stores and sends (integers,
/// strings, bools, arrays, objects, optionals, dictionaries keyed by strings).
///
/// Why not `JSONDecoder`: on a value's first decoding it asks the runtime, for every type it meets,
/// whether that type conforms to a protocol of its own (its dictionary and date markers); each such
/// question scans every conformance record in the binary. A checkpoint's restore paid about 1.4 ms
/// of a start for that. This decoder asks the runtime nothing: each type decodes itself.
///
/// It is stricter than `JSONDecoder` where pumpd's documents can never differ: an integer field
/// takes a JSON integer only (`JSONDecoder` also takes `1.0` or `1e3`), within Int64 (as every
/// integer pumpd writes is), and a `Double` field takes any number. Errors are `DecodingError`s with the coding path, as `JSONDecoder` throws them.
public enum JSONValueDecoder {
    /// `value` decoded as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: JSONValueDecoding(value: value, path: JSONCodingPath(parent: [], last: nil)))
    }

    /// The JSON text `text` (UTF-8) decoded as `T`; a text that is not JSON throws
    /// `DecodingError.dataCorrupted` naming the parser's reason.
    public static func decode<T: Decodable>(_ type: T.Type, fromText text: String) throws -> T {
        let value: JSONValue
        do { value = try JSONValue.parse(text, maxDepth: maximumDepth) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: [], debugDescription: "not valid JSON: \(error)", underlyingError: error))
        }
        return try decode(type, from: value)
    }

    /// `JSONDecoder`'s nesting limit.
    static let maximumDepth = 512
}

/// The `Decoder` for one value and where it sits.
struct JSONValueDecoding: Decoder {
    let value: JSONValue
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }

    func container<Key: CodingKey>(keyedBy type: Key.Type) throws -> KeyedDecodingContainer<Key> {
        guard case .object(let object) = value else { throw JSONValueDecoding.mismatch([String: Any].self, value, codingPath) }
        return KeyedDecodingContainer(JSONKeyedDecodingContainer<Key>(object: object, path: path))
    }

    func unkeyedContainer() throws -> any UnkeyedDecodingContainer {
        guard case .array(let elements) = value else { throw JSONValueDecoding.mismatch([Any].self, value, codingPath) }
        return JSONUnkeyedDecodingContainer(elements: elements, codingPath: path.keys)
    }

    func singleValueContainer() throws -> any SingleValueDecodingContainer {
        JSONSingleValueDecodingContainer(value: value, path: path)
    }

    static func mismatch(_ type: Any.Type, _ value: JSONValue, _ codingPath: [any CodingKey]) -> DecodingError {
        if value.isNull {
            return .valueNotFound(type, .init(codingPath: codingPath, debugDescription: "Expected \(type) value but found null instead."))
        }
        return .typeMismatch(
            type, .init(codingPath: codingPath, debugDescription: "Expected to decode \(type) but found a \(value.typeName) instead."))
    }

    // The scalars every container reads, one implementation. The coding path is built only for
    // an error: a day-old checkpoint holds thousands of scalars, and an array per scalar doubled
    // its decoding's mallocs.
    static func bool(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> Bool {
        guard case .bool(let flag) = value else { throw mismatch(Bool.self, value, codingPath()) }
        return flag
    }

    static func string(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> String {
        guard case .string(let text) = value else { throw mismatch(String.self, value, codingPath()) }
        return text
    }

    static func double(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> Double {
        switch value {
        case .double(let number): return number
        case .integer(let number): return Double(number)
        default: throw mismatch(Double.self, value, codingPath())
        }
    }

    static func integer<T: FixedWidthInteger>(
        _ type: T.Type, _ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]
    ) throws -> T {
        guard case .integer(let number) = value else { throw mismatch(T.self, value, codingPath()) }
        guard let exact = T(exactly: number) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath(), debugDescription: "Number \(number) does not fit in \(T.self)."))
        }
        return exact
    }
}

struct JSONKeyedDecodingContainer<Key: CodingKey>: KeyedDecodingContainerProtocol {
    let object: JSONObject
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }

    var allKeys: [Key] { object.keys.compactMap { Key(stringValue: $0) } }

    func contains(_ key: Key) -> Bool { object.contains(key.stringValue) }

    private func value(_ key: Key) throws -> JSONValue {
        guard let found = object[key.stringValue] else {
            throw DecodingError.keyNotFound(
                key, .init(codingPath: codingPath, debugDescription: "No value associated with key \(key.stringValue)."))
        }
        return found
    }

    private func path(_ key: Key) -> [any CodingKey] { path.keys + [key] }
    private func child(_ key: Key) -> JSONCodingPath { JSONCodingPath(parent: path.keys, last: key) }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONValueDecoding.bool(value(key), at: path(key)) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONValueDecoding.string(value(key), at: path(key)) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONValueDecoding.double(value(key), at: path(key)) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { Float(try JSONValueDecoding.double(value(key), at: path(key))) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try JSONValueDecoding.integer(type, value(key), at: path(key)) }
    func decode<T: Decodable>(_ type: T.Type, forKey key: Key) throws -> T {
        try T(from: JSONValueDecoding(value: value(key), path: child(key)))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type, forKey key: Key) throws -> KeyedDecodingContainer<NestedKey> {
        try JSONValueDecoding(value: value(key), path: child(key)).container(keyedBy: type)
    }

    func nestedUnkeyedContainer(forKey key: Key) throws -> any UnkeyedDecodingContainer {
        try JSONValueDecoding(value: value(key), path: child(key)).unkeyedContainer()
    }

    func superDecoder() throws -> any Decoder {
        JSONValueDecoding(value: object["super"] ?? .null, path: JSONCodingPath(parent: path.keys, last: JSONSuperKey()))
    }

    func superDecoder(forKey key: Key) throws -> any Decoder {
        JSONValueDecoding(value: object[key.stringValue] ?? .null, path: child(key))
    }
}

struct JSONUnkeyedDecodingContainer: UnkeyedDecodingContainer {
    let elements: [JSONValue]
    let codingPath: [any CodingKey]
    private(set) var currentIndex = 0

    init(elements: [JSONValue], codingPath: [any CodingKey]) {
        self.elements = elements
        self.codingPath = codingPath
    }

    var count: Int? { elements.count }
    var isAtEnd: Bool { currentIndex >= elements.count }

    private func path(_ index: Int) -> [any CodingKey] { codingPath + [JSONIndexKey(intValue: index)] }
    private func child(_ index: Int) -> JSONCodingPath { JSONCodingPath(parent: codingPath, last: JSONIndexKey(intValue: index)) }

    /// The next element and its index, taken; past the end, `valueNotFound` for `type`.
    private mutating func next(_ type: Any.Type) throws -> (value: JSONValue, index: Int) {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: path(currentIndex), debugDescription: "Unkeyed container is at end."))
        }
        defer { currentIndex += 1 }
        return (elements[currentIndex], currentIndex)
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, .init(codingPath: path(currentIndex), debugDescription: "Unkeyed container is at end."))
        }
        guard elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { let (v, i) = try next(type); return try JSONValueDecoding.bool(v, at: path(i)) }
    mutating func decode(_ type: String.Type) throws -> String { let (v, i) = try next(type); return try JSONValueDecoding.string(v, at: path(i)) }
    mutating func decode(_ type: Double.Type) throws -> Double { let (v, i) = try next(type); return try JSONValueDecoding.double(v, at: path(i)) }
    mutating func decode(_ type: Float.Type) throws -> Float { Float(try decode(Double.self)) }
    mutating func decode(_ type: Int.Type) throws -> Int { try integer(type) }
    mutating func decode(_ type: Int8.Type) throws -> Int8 { try integer(type) }
    mutating func decode(_ type: Int16.Type) throws -> Int16 { try integer(type) }
    mutating func decode(_ type: Int32.Type) throws -> Int32 { try integer(type) }
    mutating func decode(_ type: Int64.Type) throws -> Int64 { try integer(type) }
    mutating func decode(_ type: UInt.Type) throws -> UInt { try integer(type) }
    mutating func decode(_ type: UInt8.Type) throws -> UInt8 { try integer(type) }
    mutating func decode(_ type: UInt16.Type) throws -> UInt16 { try integer(type) }
    mutating func decode(_ type: UInt32.Type) throws -> UInt32 { try integer(type) }
    mutating func decode(_ type: UInt64.Type) throws -> UInt64 { try integer(type) }
    private mutating func integer<T: FixedWidthInteger>(_ type: T.Type) throws -> T {
        let (v, i) = try next(type)
        return try JSONValueDecoding.integer(type, v, at: path(i))
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        let (v, i) = try next(type)
        return try T(from: JSONValueDecoding(value: v, path: child(i)))
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        let (v, i) = try next(KeyedDecodingContainer<NestedKey>.self)
        return try JSONValueDecoding(value: v, path: child(i)).container(keyedBy: type)
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        let (v, i) = try next((any UnkeyedDecodingContainer).self)
        return try JSONValueDecoding(value: v, path: child(i)).unkeyedContainer()
    }

    mutating func superDecoder() throws -> any Decoder {
        let (v, i) = try next((any Decoder).self)
        return JSONValueDecoding(value: v, path: child(i))
    }
}

struct JSONSingleValueDecodingContainer: SingleValueDecodingContainer {
    let value: JSONValue
    let path: JSONCodingPath
    var codingPath: [any CodingKey] { path.keys }

    func decodeNil() -> Bool { value.isNull }
    func decode(_ type: Bool.Type) throws -> Bool { try JSONValueDecoding.bool(value, at: codingPath) }
    func decode(_ type: String.Type) throws -> String { try JSONValueDecoding.string(value, at: codingPath) }
    func decode(_ type: Double.Type) throws -> Double { try JSONValueDecoding.double(value, at: codingPath) }
    func decode(_ type: Float.Type) throws -> Float { Float(try JSONValueDecoding.double(value, at: codingPath)) }
    func decode(_ type: Int.Type) throws -> Int { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: Int8.Type) throws -> Int8 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: Int16.Type) throws -> Int16 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: Int32.Type) throws -> Int32 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: Int64.Type) throws -> Int64 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: UInt.Type) throws -> UInt { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: UInt8.Type) throws -> UInt8 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: UInt16.Type) throws -> UInt16 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: UInt32.Type) throws -> UInt32 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode(_ type: UInt64.Type) throws -> UInt64 { try JSONValueDecoding.integer(type, value, at: codingPath) }
    func decode<T: Decodable>(_ type: T.Type) throws -> T { try T(from: JSONValueDecoding(value: value, path: path)) }
}

/// Where a value sits, its array made only when asked for: a decoder or container made for an
/// element of an array, or for a member, costs no allocation for its path (a day-old
/// checkpoint's thousands of rolling-window elements decode with none). `parent` is shared.
struct JSONCodingPath {
    let parent: [any CodingKey]
    let last: (any CodingKey)?
    var keys: [any CodingKey] { last.map { parent + [$0] } ?? parent }
}

/// An array index in a coding path. Its one stored word fits in an existential's inline buffer:
/// a path element costs no allocation of its own.
struct JSONIndexKey: CodingKey {
    let index: Int
    var intValue: Int? { index }
    var stringValue: String { "Index \(index)" }
    init(intValue: Int) { index = intValue }
    init?(stringValue: String) { nil }
}

/// `super` in a coding path.
struct JSONSuperKey: CodingKey {
    var stringValue: String { "super" }
    var intValue: Int? { nil }
    init() {}
    init?(stringValue: String) { nil }
    init?(intValue: Int) { nil }
}
