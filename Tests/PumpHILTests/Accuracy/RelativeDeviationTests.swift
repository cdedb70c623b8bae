import PumpCore
import Testing

@testable import PumpHIL

@Suite struct RelativeDeviationTests {
    @Test func percentTextIsTheExactFractionRoundedHalfAwayFromZero() {
        #expect(RelativeDeviation(measured: 1_001, expected: 1_000).percentText() == "+0.100")
        #expect(RelativeDeviation(measured: 1, expected: 3).percentText() == "-66.667")
        #expect(RelativeDeviation(measured: 2, expected: 3).percentText(decimals: 1) == "-33.3")
        // −0.0005 % shows as −0.001 (half away from zero), +0.0004 % as zero without a sign.
        #expect(RelativeDeviation(numerator: -5, denominator: 1_000_000).percentText() == "-0.001")
        #expect(RelativeDeviation(numerator: 4, denominator: 1_000_000).percentText() == "0.000")
        #expect(RelativeDeviation(numerator: 999_999, denominator: 100_000).percentText(decimals: 0) == "+1000")
        #expect(RelativeDeviation.zero.percentText(decimals: 2) == "0.00")
    }

    @Test func percentTextNeverOverflowsForHugeFractions() {
        let huge = RelativeDeviation(numerator: Int128(Int64.max) * Int128(Int64.max), denominator: 3)
        #expect(huge.percentText(decimals: 1).hasPrefix("+2835686"))
    }

    @Test func deviationsCompareExactlyAcrossDenominators() {
        let third = RelativeDeviation(numerator: 1, denominator: 3)
        let close = RelativeDeviation(numerator: 333_333_333_333, denominator: 1_000_000_000_000)
        #expect(close < third)
        #expect(RelativeDeviation(numerator: 2, denominator: 6) == third)
        #expect(Set([third, RelativeDeviation(numerator: 2, denominator: 6)]).count == 1)
        #expect(RelativeDeviation(numerator: -1, denominator: 3).isWithin(third))
        #expect(!RelativeDeviation(numerator: -2, denominator: 5).isWithin(third))
    }
}
