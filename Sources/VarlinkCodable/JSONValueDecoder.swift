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
/// Where it differs from `JSONDecoder`, it refuses: an integer field takes a JSON integer only
/// (`JSONDecoder` also takes `1.0` or `1e3`, which `JSONEncoder` never writes for one), an object
/// may not repeat a key (`JSONDecoder` picks one value: ambiguous), a `\u` escape must not be a
/// lone surrogate, and an integer must fit in Int64 (JSONValue's range: a UInt64 beyond it, which
/// `JSONEncoder` would write, is refused, loudly, so a type that ever stores one must be decoded
/// otherwise; none of pumpd's stored types does). Two differences remain in what it accepts: a
/// `Float` field takes any number that rounds to a finite Float (as `JSONDecoder`), and `-0` reads
/// as `+0` in a `Double` field (JSONValue reads `-0` as the integer 0). pumpd stores neither.
/// Errors are `DecodingError`s with the coding path, as `JSONDecoder` throws them.
public enum JSONValueDecoder {
    /// `value` decoded as `T`.
    public static func decode<T: Decodable>(_ type: T.Type, from value: JSONValue) throws -> T {
        try T(from: JSONValueDecoding(value: value, path: JSONCodingPath(parent: [], last: nil)))
    }

    /// The JSON text `text` (UTF-8) decoded as `T`; a text that is not strict JSON (see above)
    /// throws `DecodingError.dataCorrupted` naming the parser's reason and where.
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

    static func float(_ value: JSONValue, at codingPath: @autoclosure () -> [any CodingKey]) throws -> Float {
        let number = try double(value, at: codingPath())
        let rounded = Float(number)
        guard rounded.isFinite || !number.isFinite else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath(), debugDescription: "Number \(number) does not fit in Float."))
        }
        return rounded
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

    private func child(_ key: Key) -> JSONCodingPath { JSONCodingPath(parent: path.keys, last: key) }

    func decodeNil(forKey key: Key) throws -> Bool { try value(key).isNull }
    func decode(_ type: Bool.Type, forKey key: Key) throws -> Bool { try JSONValueDecoding.bool(value(key), at: child(key).keys) }
    func decode(_ type: String.Type, forKey key: Key) throws -> String { try JSONValueDecoding.string(value(key), at: child(key).keys) }
    func decode(_ type: Double.Type, forKey key: Key) throws -> Double { try JSONValueDecoding.double(value(key), at: child(key).keys) }
    func decode(_ type: Float.Type, forKey key: Key) throws -> Float { try JSONValueDecoding.float(value(key), at: child(key).keys) }
    func decode(_ type: Int.Type, forKey key: Key) throws -> Int { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: Int8.Type, forKey key: Key) throws -> Int8 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: Int16.Type, forKey key: Key) throws -> Int16 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: Int32.Type, forKey key: Key) throws -> Int32 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: Int64.Type, forKey key: Key) throws -> Int64 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: UInt.Type, forKey key: Key) throws -> UInt { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: UInt8.Type, forKey key: Key) throws -> UInt8 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: UInt16.Type, forKey key: Key) throws -> UInt16 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: UInt32.Type, forKey key: Key) throws -> UInt32 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
    func decode(_ type: UInt64.Type, forKey key: Key) throws -> UInt64 { try JSONValueDecoding.integer(type, value(key), at: child(key).keys) }
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

    private func child(_ index: Int) -> JSONCodingPath { JSONCodingPath(parent: codingPath, last: JSONIndexKey(intValue: index)) }

    /// `body` on the next element and its path; the element is taken only when `body` returns
    /// (a failed decoding leaves it next, as `JSONDecoder` does). Past the end, `valueNotFound`.
    private mutating func next<R>(_ type: Any.Type, _ body: (JSONValue, JSONCodingPath) throws -> R) throws -> R {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(type, .init(codingPath: child(currentIndex).keys, debugDescription: "Unkeyed container is at end."))
        }
        let result = try body(elements[currentIndex], child(currentIndex))
        currentIndex += 1
        return result
    }

    mutating func decodeNil() throws -> Bool {
        guard !isAtEnd else {
            throw DecodingError.valueNotFound(Any?.self, .init(codingPath: child(currentIndex).keys, debugDescription: "Unkeyed container is at end."))
        }
        guard elements[currentIndex].isNull else { return false }
        currentIndex += 1
        return true
    }

    mutating func decode(_ type: Bool.Type) throws -> Bool { try next(type) { v, p in try JSONValueDecoding.bool(v, at: p.keys) } }
    mutating func decode(_ type: String.Type) throws -> String { try next(type) { v, p in try JSONValueDecoding.string(v, at: p.keys) } }
    mutating func decode(_ type: Double.Type) throws -> Double { try next(type) { v, p in try JSONValueDecoding.double(v, at: p.keys) } }
    mutating func decode(_ type: Float.Type) throws -> Float { try next(type) { v, p in try JSONValueDecoding.float(v, at: p.keys) } }
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
        try next(type) { v, p in try JSONValueDecoding.integer(type, v, at: p.keys) }
    }
    mutating func decode<T: Decodable>(_ type: T.Type) throws -> T {
        try next(type) { v, p in try T(from: JSONValueDecoding(value: v, path: p)) }
    }

    mutating func nestedContainer<NestedKey: CodingKey>(keyedBy type: NestedKey.Type) throws -> KeyedDecodingContainer<NestedKey> {
        try next(KeyedDecodingContainer<NestedKey>.self) { v, p in try JSONValueDecoding(value: v, path: p).container(keyedBy: type) }
    }

    mutating func nestedUnkeyedContainer() throws -> any UnkeyedDecodingContainer {
        try next((any UnkeyedDecodingContainer).self) { v, p in try JSONValueDecoding(value: v, path: p).unkeyedContainer() }
    }

    mutating func superDecoder() throws -> any Decoder {
        try next((any Decoder).self) { v, p in JSONValueDecoding(value: v, path: p) }
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
    func decode(_ type: Float.Type) throws -> Float { try JSONValueDecoding.float(value, at: codingPath) }
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

/// Where a value sits, its array made only when asked for: a decoder made for an array's element
/// shares the array's path and adds its index, with no allocation (a day-old checkpoint's
/// thousands of rolling-window elements decode with none); a keyed container makes its own path
/// once for each member it decodes as a nested value.
struct JSONCodingPath {
    let parent: [any CodingKey]
    let last: (any CodingKey)?
    var keys: [any CodingKey] { last.map { parent + [$0] } ?? parent }
}
