import PumpCore
import Testing

/// The one grammar pumpd, pumpctl and pump-hil share: every unit spelling it lists parses, and
/// what the one formatter prints parses back to the same wire integer.
@Suite struct QuantityGrammarTests {
    /// `n<unit>` for the first n in 1, 1000, 10⁶ … that is a whole number of the wire unit.
    static func sample(_ spelling: String, _ kind: QuantityKind) -> (text: String, value: Int64)? {
        for number in ["1", "1000", "1000000", "1000000000"] {
            if let value = try? QuantityParser.parse(number + spelling, as: kind) { return (number + spelling, value) }
        }
        return nil
    }

    static func formatted(_ value: Int64, _ kind: QuantityKind) -> String {
        switch kind {
        case .mass, .dailyMass, .hourlyMass: QuantityFormatter.mass(nanograms: value)
        case .volume: QuantityFormatter.volume(nanolitres: value)
        case .stepVolume: QuantityFormatter.stepVolume(picolitres: value)
        case .concentration: QuantityFormatter.concentration(microgramsPerMillilitre: value)
        case .doseRate: QuantityFormatter.doseRate(nanogramsPerDay: value)
        case .volumeRate: QuantityFormatter.flow(picolitresPerDay: value)
        case .duration: QuantityFormatter.duration(seconds: value)
        case .weighedMass: QuantityFormatter.mass(nanograms: value * 1_000)
        case .density: QuantityFormatter.concentration(microgramsPerMillilitre: value)
        }
    }

    @Test(arguments: QuantityKind.allCases)
    func everySpellingParsesAndItsFormattedValueParsesBackUnchanged(kind: QuantityKind) throws {
        let spellings = QuantityParser.unitSpellings(of: kind)
        #expect(!spellings.isEmpty)
        for spelling in spellings {
            let parsed = try #require(Self.sample(spelling, kind), "\(spelling) parses as a \(kind)")
            let shown = Self.formatted(parsed.value, kind)
            #expect(try QuantityParser.parse(shown, as: kind) == parsed.value, "\(parsed.text) → \(shown)")
        }
    }

    @Test func rateSpellingsPeopleUseAreInTheTable() {
        let doseRates = QuantityParser.unitSpellings(of: .doseRate)
        for spelling in ["ug/d", "ug/day", "ug/h", "ug/hr", "ug/min", "ug/s", "µg/day", "mcg/day", "mg/d"] {
            #expect(doseRates.contains(spelling), "\(spelling)")
        }
        let volumeRates = QuantityParser.unitSpellings(of: .volumeRate)
        for spelling in ["ml/d", "ml/day", "ml/h", "ml/hr", "ul/h", "µl/h", "μl/day"] {
            #expect(volumeRates.contains(spelling), "\(spelling)")
        }
    }

    @Test func aVolumeRateConvertsExactlyToPicolitresPerDay() throws {
        #expect(try QuantityParser.volumeRate("0.25mL/d") == 250_000_000)
        #expect(try QuantityParser.volumeRate("0.25mL/day") == 250_000_000)
        #expect(try QuantityParser.volumeRate("10 mL/h") == 240_000_000_000)
        #expect(try QuantityParser.volumeRate("250µL/h") == 6_000_000_000)
        #expect(throws: QuantityParseError.notExact(text: "0.0000001ul/day", kind: .volumeRate)) {
            try QuantityParser.volumeRate("0.0000001ul/day")
        }
    }

    @Test func aDailyLimitIsAMassOrAMassPerDay() throws {
        #expect(try QuantityParser.dailyMass("600ug") == 600_000)
        #expect(try QuantityParser.dailyMass("600ug/day") == 600_000)
        #expect(try QuantityParser.dailyMass("600 µg / d") == 600_000)
        #expect(throws: QuantityParseError.wrongPeriod(text: "25ug/h", kind: .dailyMass)) { try QuantityParser.dailyMass("25ug/h") }
        #expect(throws: QuantityParseError.unknownUnit(unit: "ug/ml", kind: .dailyMass)) { try QuantityParser.dailyMass("5ug/ml") }
    }

    @Test func anHourlyLimitIsAMassOrAMassPerHour() throws {
        #expect(try QuantityParser.hourlyMass("60ug") == 60_000)
        #expect(try QuantityParser.hourlyMass("60ug/h") == 60_000)
        #expect(try QuantityParser.hourlyMass("60ug/hr") == 60_000)
        #expect(throws: QuantityParseError.wrongPeriod(text: "60ug/day", kind: .hourlyMass)) { try QuantityParser.hourlyMass("60ug/day") }
    }

    @Test func aDailyDoseIsAMassPerDayOrAnyDoseRate() throws {
        #expect(try QuantityParser.dailyDose("500ug") == 500_000)
        #expect(try QuantityParser.dailyDose("500ug/d") == 500_000)
        #expect(try QuantityParser.dailyDose("20ug/h") == 480_000)
        #expect(throws: QuantityParseError.missingUnit(text: "500", kind: .doseRate)) { try QuantityParser.dailyDose("500") }
        #expect(QuantityParseError.missingUnit(text: "500", kind: .doseRate).description.contains("500ug/day"))
    }

    @Test func aNegativeQuantitySaysADoseCannotBeNegative() {
        #expect(throws: QuantityParseError.negative(text: "-5ug", kind: .mass)) { try QuantityParser.mass("-5ug") }
        #expect(throws: QuantityParseError.negative(text: "\u{2212}5ug", kind: .mass)) { try QuantityParser.mass("\u{2212}5ug") }
        let message = QuantityParseError.negative(text: "-5ug", kind: .mass).description
        #expect(message.contains("a dose cannot be negative"), "\(message)")
        #expect(!message.contains("Missing value"))
        #expect(throws: QuantityParseError.negative(text: "-1h", kind: .duration)) { try QuantityParser.duration("-1h") }
    }

    @Test(arguments: [
        ("-1h", -3_600), ("+30min", 1_800), ("2h", 7_200), ("-1h30min", -5_400), ("- 1 d", -86_400), ("\u{2212}10s", -10), ("0s", 0),
    ] as [(String, Int64)])
    func aSignedDurationKeepsItsSign(text: String, seconds: Int64) throws {
        #expect(try QuantityParser.signedDuration(text) == seconds)
    }

    @Test func aSignedDurationQuotesWhatWasWrittenWhenRefused() {
        #expect(throws: QuantityParseError.missingUnit(text: "-5", kind: .duration)) { try QuantityParser.signedDuration("-5") }
        #expect(throws: QuantityParseError.malformed(text: "--1h", kind: .duration)) { try QuantityParser.signedDuration("--1h") }
        #expect(throws: QuantityParseError.malformed(text: "-", kind: .duration)) { try QuantityParser.signedDuration("-") }
        #expect(throws: QuantityParseError.unknownUnit(unit: "ug", kind: .duration)) { try QuantityParser.signedDuration("-5ug") }
    }
}

/// Issue 14: a calibration run's weighed mass and density go through the same grammar.
@Suite struct WeighingQuantityTests {
    @Test func weighedMassIsInMicrogramsAndRefusesFinerThanAMicrogram() throws {
        #expect(try QuantityParser.weighedMass("103.813mg") == 103_813)
        #expect(try QuantityParser.weighedMass("0.103813 g") == 103_813)
        #expect(try QuantityParser.weighedMass("250ug") == 250)
        #expect(throws: QuantityParseError.self) { try QuantityParser.weighedMass("0.5ug") }
        #expect(throws: QuantityParseError.self) { try QuantityParser.weighedMass("103.8") }
    }

    @Test func densityIsInMicrogramsPerMillilitre() throws {
        #expect(try QuantityParser.density("998.2mg/ml") == 998_200)
        #expect(try QuantityParser.density("0.9982g/mL") == 998_200)
        #expect(throws: QuantityParseError.self) { try QuantityParser.density("998.2mg") }
    }
}
