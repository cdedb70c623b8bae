/// A JSON value as Varlink carries it.
///
/// Numbers keep the distinction JSON text makes: a number written without a fraction or exponent is
/// an `integer` (exact, 64-bit), anything else is a `double`. Objects keep their keys in the order
/// they were written or inserted, so serialized output is stable; equality of objects ignores that
/// order (see ``JSONObject``).
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case integer(Int64)
    case double(Double)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    /// The JSON type name, for messages: `null`, `bool`, `integer`, `double`, `string`, `array`, `object`.
    public var typeName: String {
        switch self {
        case .null: "null"
        case .bool: "bool"
        case .integer: "integer"
        case .double: "double"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    public var isNull: Bool { if case .null = self { true } else { false } }

    public var boolValue: Bool? { if case .bool(let value) = self { value } else { nil } }

    /// The value of an `integer`; nil for a `double`, even an integral one.
    public var integerValue: Int64? { if case .integer(let value) = self { value } else { nil } }

    /// The value of a `double`, or of an `integer` when the double represents it exactly.
    public var doubleValue: Double? {
        switch self {
        case .double(let value): value
        case .integer(let value): Double(exactly: value)
        default: nil
        }
    }

    public var stringValue: String? { if case .string(let value) = self { value } else { nil } }

    public var arrayValue: [JSONValue]? { if case .array(let value) = self { value } else { nil } }

    public var objectValue: JSONObject? { if case .object(let value) = self { value } else { nil } }

    /// The member `key` of an object; nil when this is not an object or has no such member.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The element at `index` of an array; nil when this is not an array or the index is out of range.
    public subscript(index: Int) -> JSONValue? {
        guard case .array(let items) = self, items.indices.contains(index) else { return nil }
        return items[index]
    }
}

extension JSONValue: CustomStringConvertible {
    /// The compact JSON text.
    public var description: String { String(decoding: serialized(), as: UTF8.self) }
}
