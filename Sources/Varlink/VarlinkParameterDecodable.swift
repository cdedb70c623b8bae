/// A type ``VarlinkParameters`` can read a member as.
///
/// Conforming types convert one JSON value and, when it does not fit, throw
/// `VarlinkError.invalidParameter(path)` with the path they were given (containers pass their
/// elements a longer path). A string-backed enum gets the conversion by declaring conformance:
/// `extension DoseMode: VarlinkParameterDecodable {}`.
public protocol VarlinkParameterDecodable: Sendable {
    /// Converts `value`, found at dotted path `path`; `value` is never `null` for a member.
    static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Self
}

extension VarlinkParameterDecodable where Self: RawRepresentable, RawValue == String {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Self {
        guard let text = value.stringValue, let decoded = Self(rawValue: text) else { throw .invalidParameter(path) }
        return decoded
    }
}

extension Bool: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Bool {
        guard let decoded = value.boolValue else { throw .invalidParameter(path) }
        return decoded
    }
}

extension String: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> String {
        guard let decoded = value.stringValue else { throw .invalidParameter(path) }
        return decoded
    }
}

/// Accepts an integer or a double that is exactly representable.
extension Double: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Double {
        guard let decoded = value.doubleValue else { throw .invalidParameter(path) }
        return decoded
    }
}

/// Integers accept only JSON integers (not `5.0`) within the type's range.
extension Int64: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Int64 {
        try decodeInteger(value, at: path)
    }
}

extension Int: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Int {
        try decodeInteger(value, at: path)
    }
}

extension Int32: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Int32 {
        try decodeInteger(value, at: path)
    }
}

extension UInt32: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> UInt32 {
        try decodeInteger(value, at: path)
    }
}

extension UInt64: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> UInt64 {
        try decodeInteger(value, at: path)
    }
}

private func decodeInteger<Integer: FixedWidthInteger>(_ value: JSONValue, at path: String) throws(VarlinkError) -> Integer {
    guard let wide = value.integerValue, let decoded = Integer(exactly: wide) else { throw .invalidParameter(path) }
    return decoded
}

/// Any value; `null` only inside arrays and maps.
extension JSONValue: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> JSONValue { value }
}

extension JSONObject: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> JSONObject {
        guard let decoded = value.objectValue else { throw .invalidParameter(path) }
        return decoded
    }
}

/// A nested object, carrying its path so its own members report full paths.
extension VarlinkParameters: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> VarlinkParameters {
        guard let object = value.objectValue else { throw .invalidParameter(path) }
        return VarlinkParameters(object, path: path)
    }
}

/// A Varlink array (`[]T`): element `i` is decoded at `path[i]`.
extension Array: VarlinkParameterDecodable where Element: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> [Element] {
        guard let items = value.arrayValue else { throw .invalidParameter(path) }
        var decoded: [Element] = []
        decoded.reserveCapacity(items.count)
        for (index, item) in items.enumerated() {
            decoded.append(try Element.decode(item, at: "\(path)[\(index)]"))
        }
        return decoded
    }
}

/// A Varlink map (`[string]T`): the value for key `k` is decoded at `path.k`.
extension Dictionary: VarlinkParameterDecodable where Key == String, Value: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> [String: Value] {
        guard let object = value.objectValue else { throw .invalidParameter(path) }
        var decoded: [String: Value] = [:]
        for (key, member) in object.members {
            decoded[key] = try Value.decode(member, at: path.isEmpty ? key : "\(path).\(key)")
        }
        return decoded
    }
}

/// A Varlink maybe-type (`?T`) inside arrays and maps: `null` decodes as nil.
extension Optional: VarlinkParameterDecodable where Wrapped: VarlinkParameterDecodable {
    public static func decode(_ value: JSONValue, at path: String) throws(VarlinkError) -> Wrapped? {
        if value.isNull { return nil }
        return try Wrapped.decode(value, at: path)
    }
}
