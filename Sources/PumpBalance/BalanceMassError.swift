/// Why decimal text is not a balance mass.
public enum BalanceMassError: Error, Hashable, Sendable, CustomStringConvertible {
    /// Not a decimal number.
    case malformed(String)
    /// Non-zero digits below a microgram.
    case finerThanAMicrogram(String, unit: BalanceMassUnit)
    /// Does not fit 64 bits of micrograms.
    case outOfRange(String, unit: BalanceMassUnit)

    public var description: String {
        switch self {
        case .malformed(let text): "\(String(reflecting: text)) is not a decimal number"
        case .finerThanAMicrogram(let text, let unit):
            "\(text) \(unit.rawValue) has digits below a microgram (at most \(unit.exactDecimals) decimals in \(unit.rawValue)); they would be lost"
        case .outOfRange(let text, let unit): "\(text) \(unit.rawValue) is out of range"
        }
    }
}
