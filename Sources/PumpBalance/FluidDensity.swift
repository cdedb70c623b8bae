/// The density of the delivered fluid, which turns weighed mass into volume; in whole micrograms
/// per millilitre (µg/mL, the same number as mg/L).
///
/// The scenario gives it in mg/mL; micrograms per millilitre keep three decimals of that exactly
/// (water at 20 °C, 998.2 mg/mL, is 998 200 µg/mL).
public struct FluidDensity: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microgramsPerMillilitre: Int64

    public init(microgramsPerMillilitre: Int64) {
        precondition(microgramsPerMillilitre > 0, "a fluid's density is positive")
        self.microgramsPerMillilitre = microgramsPerMillilitre
    }

    /// A whole number of mg/mL.
    public static func milligramsPerMillilitre(_ value: Int64) -> FluidDensity {
        FluidDensity(microgramsPerMillilitre: value * 1_000)
    }

    /// The density written as decimal `text` in mg/mL, e.g. `998.2`: up to three decimals, exact.
    public init(milligramsPerMillilitre text: String) throws(FluidDensityError) {
        let value: Int64
        do throws(ExactDecimal.Failure) {
            value = try ExactDecimal.parse(Substring(text), decimals: 3)
        } catch {
            switch error {
            case .malformed, .outOfRange: throw .malformed(text)
            case .tooManyDecimals: throw .finerThanAMicrogramPerMillilitre(text)
            }
        }
        guard value > 0 else { throw .notPositive(text) }
        self.init(microgramsPerMillilitre: value)
    }

    public static func < (lhs: FluidDensity, rhs: FluidDensity) -> Bool { lhs.microgramsPerMillilitre < rhs.microgramsPerMillilitre }

    /// mg/mL with three decimals, e.g. `998.200 mg/mL`.
    public var description: String { "\(ExactDecimalText.ratio(Int128(microgramsPerMillilitre), 1_000, decimals: 3)) mg/mL" }
}
