public import PumpCore

/// A flow rate as people write it on the command line: `0.25mL/day`, `10 mL/h`, `250uL/h`,
/// `250µL/h`, `6 mL/day`. Exact: the decimal is scaled to pL/day without rounding, and a value
/// finer than 1 pL/day is refused.
public enum RateArgument {
    public struct Invalid: Error, CustomStringConvertible {
        public var text: String
        public var description: String { "\(text) is not a rate: write a number and one of mL/h, mL/day, uL/h, uL/day (e.g. 0.25mL/day, 10mL/h)" }
    }

    /// pL/day in one of each unit. Micro is written u, µ (U+00B5 MICRO SIGN) or μ (U+03BC GREEK
    /// SMALL LETTER MU, what Greek layouts and many fonts' pickers give): they look the same.
    static let units: [(suffix: String, picolitresPerDay: Int64)] = [
        ("ml/h", 24_000_000_000), ("ml/day", 1_000_000_000), ("ul/h", 24_000_000), ("\u{B5}l/h", 24_000_000), ("\u{3BC}l/h", 24_000_000),
        ("ul/day", 1_000_000), ("\u{B5}l/day", 1_000_000), ("\u{3BC}l/day", 1_000_000),
    ]

    public static func parse(_ text: String) throws(Invalid) -> VolumeRate {
        let compact = text.replacingOccurrences(of: " ", with: "").lowercased()
        for unit in units where compact.hasSuffix(unit.suffix) {
            let number = compact.dropLast(unit.suffix.count)
            // pL/day = number × unit; parse with 9 places (nano-units), then scale exactly.
            guard let scaled = try? ExactDecimal.parse(number, decimals: 9), scaled > 0 else { throw Invalid(text: text) }
            let (picolitresPerDay, rest) = (Int128(scaled) * Int128(unit.picolitresPerDay)).quotientAndRemainder(dividingBy: 1_000_000_000)
            guard rest == 0, let exact = Int64(exactly: picolitresPerDay) else { throw Invalid(text: text) }
            return VolumeRate(picolitresPerDay: exact)
        }
        throw Invalid(text: text)
    }
}
