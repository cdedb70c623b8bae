/// A TOML value and where it was written (its first character).
public struct TOMLValue: Hashable, Sendable, CustomStringConvertible {
    public enum Kind: Hashable, Sendable {
        case string(String)
        case integer(Int64)
        case float(Double)
        case boolean(Bool)
        case array([TOMLValue])
        case table(TOMLTable)
    }

    public var kind: Kind
    public var location: SourceLocation
    /// True for an array built by `[[header]]` sections, which later headers may extend; false for
    /// an array literal, which is closed once written.
    var isTableArray: Bool

    public init(_ kind: Kind, at location: SourceLocation) {
        self.init(kind, at: location, isTableArray: false)
    }

    init(_ kind: Kind, at location: SourceLocation, isTableArray: Bool) {
        self.kind = kind
        self.location = location
        self.isTableArray = isTableArray
    }

    /// The TOML type name, for "expected … found …" messages.
    public var typeName: String {
        switch kind {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }

    /// `an integer`, `a string`, …
    public var typeNameWithArticle: String {
        switch kind {
        case .integer, .array: "an \(typeName)"
        default: "a \(typeName)"
        }
    }

    /// The type with a short rendering of the value, e.g. `float 0.25`, `string "gpio"`.
    public var description: String {
        switch kind {
        case .string(let text): "string \"\(text)\""
        case .integer(let value): "integer \(value)"
        case .float(let value): "float \(value)"
        case .boolean(let value): "boolean \(value)"
        case .array(let items): items.isEmpty ? "an empty array" : "array of \(items.count)"
        case .table: "table"
        }
    }

    public var string: String? { if case .string(let value) = kind { value } else { nil } }
    public var integer: Int64? { if case .integer(let value) = kind { value } else { nil } }
    public var float: Double? { if case .float(let value) = kind { value } else { nil } }
    public var boolean: Bool? { if case .boolean(let value) = kind { value } else { nil } }
    public var array: [TOMLValue]? { if case .array(let items) = kind { items } else { nil } }
    public var table: TOMLTable? { if case .table(let table) = kind { table } else { nil } }
}
