/// The mass units a balance reading may carry.
public enum BalanceMassUnit: String, Hashable, Sendable, CaseIterable {
    case grams = "g"
    case milligrams = "mg"
    case kilograms = "kg"

    /// The unit written as `symbol` (`g`, `mg`, `kg`; lower case, as balances print them).
    public init?(symbol: some StringProtocol) { self.init(rawValue: String(symbol)) }

    /// Micrograms in one unit.
    public var micrograms: Int64 {
        switch self {
        case .grams: 1_000_000
        case .milligrams: 1_000
        case .kilograms: 1_000_000_000
        }
    }

    /// Decimal places that still resolve a whole microgram.
    var exactDecimals: Int {
        switch self {
        case .grams: 6
        case .milligrams: 3
        case .kilograms: 9
        }
    }
}
