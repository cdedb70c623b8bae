import PumpCore
import Testing

@testable import PumpHIL

/// pump-hil's `--rate` takes every volume-rate spelling of the grammar pumpd and pumpctl share,
/// `0.25mL/d` as well as `0.25mL/day`, and gives the grammar's value.
@Suite struct RateSpellingTests {
    @Test func everyVolumeRateSpellingGivesTheGrammarsValue() throws {
        for spelling in QuantityParser.unitSpellings(of: .volumeRate) {
            for number in ["1", "0.25", "250"] {
                let text = number + spelling
                guard let expected = try? QuantityParser.volumeRate(text) else {
                    #expect(throws: RateArgument.Invalid.self, "\(text)") { try RateArgument.parse(text) }
                    continue
                }
                #expect(try RateArgument.parse(text) == VolumeRate(picolitresPerDay: expected), "\(text)")
            }
        }
    }

    @Test func theRateReadsBackInTheSharedFormat() throws {
        #expect(try RateArgument.parse("0.25mL/d").description == "250 µL/day")
        #expect(try RateArgument.parse("10mL/h").description == "10 mL/h")
    }
}
