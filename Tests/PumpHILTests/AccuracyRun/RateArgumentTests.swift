import PumpCore
import Testing

@testable import PumpHIL

@Suite struct RateArgumentTests {
    @Test(arguments: [
        ("0.25mL/day", 250_000_000),
        ("10 mL/h", 240_000_000_000),
        ("10mL/h", 240_000_000_000),
        ("250uL/h", 6_000_000_000),
        ("250µL/h", 6_000_000_000),  // U+00B5 MICRO SIGN
        ("250μL/h", 6_000_000_000),  // U+03BC GREEK SMALL LETTER MU, what a Greek keyboard types
        ("6 mL/day", 6_000_000_000),
        ("1.5 uL/day", 1_500_000),
        ("0.000001uL/day", 1),  // one picolitre a day: exact
        ("0.000000001mL/day", 1),
        ("0.25000000000 mL/day", 250_000_000),  // zeros beyond the places are exact
        ("2 ML/H", 48_000_000_000),
        ("0.25mL/d", 250_000_000),  // the shared grammar's spellings: /d, /hr, /min
        ("10 mL/hr", 240_000_000_000),
        ("1 mL/min", 1_440_000_000_000),
    ] as [(String, Int64)])
    func aRateIsParsedExactlyToPicolitresPerDay(text: String, picolitresPerDay: Int64) throws {
        #expect(try RateArgument.parse(text) == VolumeRate(picolitresPerDay: picolitresPerDay))
    }

    @Test(arguments: [
        "abc", "", "mL/h", "10", "10 mL/week", "10 ug/h", "+2mL/h", "1e3mL/h", "1.2.3mL/h", "-1mL/h", "0mL/h", "0.0 uL/day",
        "99999999999mL/h",  // the scaled decimal overflows 64 bits
        "400000000mL/h",  // the rate in pL/day overflows
        "0.0000001uL/day",  // 0.1 pL/day: finer than the unit resolves
        "0.0000000001mL/h",
    ])
    func aTextThatIsNotAnExactPositiveRateIsRefused(text: String) {
        #expect(throws: RateArgument.Invalid.self) { try RateArgument.parse(text) }
    }

    @Test func aZeroRateIsRefusedAsNoFlow() {
        #expect(throws: RateArgument.Invalid.self) { try RateArgument.parse("0mL/h") }
        do {
            _ = try RateArgument.parse("0 uL/day")
        } catch {
            #expect(error.description.contains("above zero"))
        }
    }

    @Test func theRefusalSaysWhatToWrite() {
        do {
            _ = try RateArgument.parse("fast")
            Issue.record("parsed \"fast\"")
        } catch {
            #expect(error.description == QuantityParseError.malformed(text: "fast", kind: .volumeRate).description)
            #expect(error.description.contains("0.25ml/day"))
        }
    }
}
