/// A mass read from a laboratory balance, in whole micrograms.
///
/// Micrograms resolve the finest balances used for pump testing (readability 1 µg) exactly, and
/// a reading is parsed into them without floating point: `12.3456 g` is 12 345 600 µg.
public struct BalanceMass: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var micrograms: Int64

    public init(micrograms: Int64) { self.micrograms = micrograms }

    public static let zero = BalanceMass(micrograms: 0)

    public static func micrograms(_ value: Int64) -> BalanceMass { BalanceMass(micrograms: value) }
    public static func milligrams(_ value: Int64) -> BalanceMass { BalanceMass(micrograms: value * 1_000) }
    public static func grams(_ value: Int64) -> BalanceMass { BalanceMass(micrograms: value * 1_000_000) }

    /// The mass written as decimal `text` in `unit`, exactly.
    ///
    /// `text` is `[+|-]digits[.digits]` (a `,` is accepted as the separator too when
    /// `allowDecimalComma`). Digits finer than a microgram that are not zero are refused rather
    /// than rounded: a reading is never silently changed.
    public init(_ text: some StringProtocol, unit: BalanceMassUnit, allowDecimalComma: Bool = false) throws(BalanceMassError) {
        do throws(ExactDecimal.Failure) {
            // Scaled to the unit's microgram places, so the value is already in micrograms.
            self.init(micrograms: try ExactDecimal.parse(Substring(text), decimals: unit.exactDecimals, allowComma: allowDecimalComma))
        } catch {
            switch error {
            case .malformed: throw .malformed(String(text))
            case .tooManyDecimals: throw .finerThanAMicrogram(String(text), unit: unit)
            case .outOfRange: throw .outOfRange(String(text), unit: unit)
            }
        }
    }

    public static func < (lhs: BalanceMass, rhs: BalanceMass) -> Bool { lhs.micrograms < rhs.micrograms }
    public static func - (lhs: BalanceMass, rhs: BalanceMass) -> BalanceMass { BalanceMass(micrograms: lhs.micrograms - rhs.micrograms) }

    /// Grams with six decimals, e.g. `12.345600 g`.
    public var description: String { "\(ExactDecimalText.ratio(Int128(micrograms), 1_000_000, decimals: 6)) g" }
}
