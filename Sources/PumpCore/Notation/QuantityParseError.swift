/// Why a command-line quantity such as `0.5mg` could not become a wire integer.
public enum QuantityParseError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Nothing was given.
    case empty(QuantityKind)
    /// The text is not a decimal number followed by a unit.
    case malformed(text: String, kind: QuantityKind)
    /// A number without a unit: pumpctl never guesses one.
    case missingUnit(text: String, kind: QuantityKind)
    /// A unit that this kind of quantity does not accept.
    case unknownUnit(unit: String, kind: QuantityKind)
    /// A negative value where only amounts make sense.
    case negative(text: String, kind: QuantityKind)
    /// The value is not a whole number of the wire unit (e.g. `0.0001nl`).
    case notExact(text: String, kind: QuantityKind)
    /// The value does not fit the daemon's 64-bit integers.
    case tooLarge(text: String, kind: QuantityKind)

    public var description: String {
        switch self {
        case .empty(let kind):
            "no \(kind) given: write it with a unit, e.g. \(kind.example)"
        case .malformed(let text, let kind):
            "\"\(text)\" is not a \(kind): write a decimal number and a unit, e.g. \(kind.example) (units: \(kind.acceptedUnits))"
        case .missingUnit(let text, let kind):
            "\"\(text)\" has no unit: write the \(kind) with its unit, e.g. \(kind.example) (units: \(kind.acceptedUnits))"
        case .unknownUnit(let unit, let kind):
            "\"\(unit)\" is not a \(kind) unit: use \(kind.acceptedUnits)"
        case .negative(let text, let kind):
            "\"\(text)\" is negative: a \(kind) here must be zero or more"
        case .notExact(let text, let kind):
            "\"\(text)\" is not a whole number of \(kind.wireUnitName): the pump counts whole \(kind.wireUnit), so give a value that converts exactly"
        case .tooLarge(let text, let kind):
            "\"\(text)\" is too large: it does not fit the pump's 64-bit count of \(kind.wireUnitName)"
        }
    }
}
