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
    /// A per-period mass over another period than the limit's (`25ug/h` for a daily limit).
    case wrongPeriod(text: String, kind: QuantityKind)
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
            "\"\(text)\" is negative: \(kind.subject) cannot be negative; write zero or more, e.g. \(kind.example)"
        case .wrongPeriod(let text, let kind):
            "\"\(text)\" is not a \(kind): write \(kind.acceptedUnits)"
        case .notExact(let text, let kind):
            "\"\(text)\" is not a whole number of \(kind.wireUnitName): the pump counts whole \(kind.wireUnit), so give a value that converts exactly"
        case .tooLarge(let text, let kind):
            "\"\(text)\" is too large: it does not fit the pump's 64-bit count of \(kind.wireUnitName)"
        }
    }
}

extension QuantityParseError {
    /// The same error quoting `text` instead of the part of it that was parsed (the sign-less
    /// rest of `-1h`, say), so the message shows what the user wrote.
    func quoting(_ text: String) -> QuantityParseError {
        switch self {
        case .empty(let kind): .malformed(text: text, kind: kind)
        case .malformed(_, let kind): .malformed(text: text, kind: kind)
        case .missingUnit(_, let kind): .missingUnit(text: text, kind: kind)
        case .unknownUnit: self
        case .negative(_, let kind): .malformed(text: text, kind: kind)
        case .wrongPeriod(_, let kind): .wrongPeriod(text: text, kind: kind)
        case .notExact(_, let kind): .notExact(text: text, kind: kind)
        case .tooLarge(_, let kind): .tooLarge(text: text, kind: kind)
        }
    }
}
