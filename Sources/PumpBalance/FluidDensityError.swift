/// Why text is not a fluid density in mg/mL.
public enum FluidDensityError: Error, Hashable, Sendable, CustomStringConvertible {
    case malformed(String)
    case notPositive(String)
    case finerThanAMicrogramPerMillilitre(String)

    public var description: String {
        switch self {
        case .malformed(let text): "the density \(String(reflecting: text)) is not a decimal number of mg/mL"
        case .notPositive(let text): "the density \(text) mg/mL is not positive"
        case .finerThanAMicrogramPerMillilitre(let text): "the density \(text) mg/mL has more than three decimals"
        }
    }
}
