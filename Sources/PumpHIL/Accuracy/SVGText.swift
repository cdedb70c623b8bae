import PumpBalance
/// Numbers written into SVG documents (text goes through ``XMLText``).
enum SVGText {
    /// A coordinate with two decimals.
    static func number(_ value: Double) -> String { ExactDecimalText.trimmed(ExactDecimalText.coordinate(value)) }
}
