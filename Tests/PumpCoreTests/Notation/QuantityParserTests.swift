import PumpCore
import Testing

@Suite struct QuantityParserTests {
    @Test(arguments: [
        ("250ng", 250), ("500ug", 500_000), ("500µg", 500_000), ("500μg", 500_000), ("500mcg", 500_000),
        ("0.5mg", 500_000), ("1.25 mg", 1_250_000), ("0.000001g", 1_000), ("0ng", 0), ("500UG", 500_000),
    ] as [(String, Int64)])
    func massConvertsExactlyToNanograms(text: String, nanograms: Int64) throws {
        #expect(try QuantityParser.mass(text) == nanograms)
    }

    @Test(arguments: [
        ("250nl", 250), ("1.5ul", 1_500), ("1.5µL", 1_500), ("20ml", 20_000_000), ("20 mL", 20_000_000),
        ("1.2ml", 1_200_000), ("0.000001l", 1_000), ("1000pl", 1), ("0.001ul", 1),
    ] as [(String, Int64)])
    func volumeConvertsExactlyToNanolitres(text: String, nanolitres: Int64) throws {
        #expect(try QuantityParser.volume(text) == nanolitres)
    }

    @Test func stepVolumeConvertsToPicolitres() throws {
        #expect(try QuantityParser.stepVolume("250nl") == 250_000)
        #expect(try QuantityParser.stepVolume("287.5nl") == 287_500)
        #expect(try QuantityParser.stepVolume("1pl") == 1)
        #expect(throws: QuantityParseError.notExact(text: "0.0001nl", kind: .stepVolume)) { try QuantityParser.stepVolume("0.0001nl") }
    }

    @Test(arguments: [
        ("2000ug/ml", 2_000), ("2mg/ml", 2_000), ("2 mg/mL", 2_000), ("500ng/ul", 500), ("25mg/ml", 25_000),
        ("2ug/ul", 2_000), ("0.5mg/ml", 500),
    ] as [(String, Int64)])
    func concentrationConvertsToMicrogramsPerMillilitre(text: String, value: Int64) throws {
        #expect(try QuantityParser.concentration(text) == value)
    }

    @Test(arguments: [
        ("500ug/day", 500_000), ("500ug/d", 500_000), ("20ug/h", 480_000), ("1mg/day", 1_000_000), ("1ng/s", 86_400),
    ] as [(String, Int64)])
    func doseRateConvertsToNanogramsPerDay(text: String, value: Int64) throws {
        #expect(try QuantityParser.doseRate(text) == value)
    }

    @Test(arguments: [
        ("30s", 30), ("10min", 600), ("2h", 7_200), ("1d", 86_400), ("1h30min", 5_400), ("1 h 20 min", 4_800),
        ("0.5h", 1_800), ("90 seconds", 90),
    ] as [(String, Int64)])
    func durationConvertsToSeconds(text: String, seconds: Int64) throws {
        #expect(try QuantityParser.duration(text) == seconds)
    }

    @Test func valuesThatAreNotWholeWireUnitsAreRejectedNotRounded() {
        #expect(throws: QuantityParseError.notExact(text: "0.0001nl", kind: .volume)) { try QuantityParser.volume("0.0001nl") }
        #expect(throws: QuantityParseError.notExact(text: "0.5ng", kind: .mass)) { try QuantityParser.mass("0.5ng") }
        #expect(throws: QuantityParseError.notExact(text: "1.5s", kind: .duration)) { try QuantityParser.duration("1.5s") }
        #expect(throws: QuantityParseError.notExact(text: "1ng/ml", kind: .concentration)) { try QuantityParser.concentration("1ng/ml") }
        #expect(throws: QuantityParseError.notExact(text: "0.5ng/day", kind: .doseRate)) { try QuantityParser.doseRate("0.5ng/day") }
    }

    @Test func numbersWithoutAUnitAreRejected() {
        #expect(throws: QuantityParseError.missingUnit(text: "500", kind: .mass)) { try QuantityParser.mass("500") }
        #expect(throws: QuantityParseError.missingUnit(text: "10", kind: .duration)) { try QuantityParser.duration("10") }
    }

    @Test func unitsOfTheWrongKindAreRejected() {
        #expect(throws: QuantityParseError.unknownUnit(unit: "ml", kind: .mass)) { try QuantityParser.mass("5ml") }
        #expect(throws: QuantityParseError.unknownUnit(unit: "ug", kind: .volume)) { try QuantityParser.volume("5ug") }
        #expect(throws: QuantityParseError.unknownUnit(unit: "ug", kind: .concentration)) { try QuantityParser.concentration("5ug") }
        #expect(throws: QuantityParseError.unknownUnit(unit: "ml/day", kind: .doseRate)) { try QuantityParser.doseRate("5ml/day") }
        #expect(throws: QuantityParseError.unknownUnit(unit: "kg", kind: .mass)) { try QuantityParser.mass("1kg") }
    }

    @Test(arguments: ["1h1h", "30min1h", "1min 1h", "10s10s"])
    func aDurationsPartsComeLargestUnitFirstEachOnce(text: String) {
        #expect(throws: QuantityParseError.malformed(text: text, kind: .duration)) { try QuantityParser.duration(text) }
    }

    @Test func spacesMayStandAroundAUnitAndItsSlashButNotInsideIt() throws {
        #expect(try QuantityParser.doseRate("500 ug / day") == 500_000)
        #expect(throws: QuantityParseError.malformed(text: "5 u g", kind: .mass)) { try QuantityParser.mass("5 u g") }
    }

    @Test(arguments: ["abc", "ug", ".5ug", "5.ug", "1e3ug", "1,5ug", "+5ug", "1.2.3ug", "5ug5ug"])
    func malformedNumbersAreRejected(text: String) {
        #expect(throws: QuantityParseError.malformed(text: text, kind: .mass)) { try QuantityParser.mass(text) }
    }

    @Test func negativeAndEmptyValuesAreRejected() {
        #expect(throws: QuantityParseError.negative(text: "-5ug", kind: .mass)) { try QuantityParser.mass("-5ug") }
        #expect(throws: QuantityParseError.empty(.volume)) { try QuantityParser.volume("  ") }
    }

    @Test func valuesBeyondSixtyFourBitsAreRejected() throws {
        #expect(throws: QuantityParseError.tooLarge(text: "10000000000000g", kind: .mass)) { try QuantityParser.mass("10000000000000g") }
        #expect(throws: QuantityParseError.tooLarge(text: "123456789012345678901234ng", kind: .mass)) {
            try QuantityParser.mass("123456789012345678901234ng")
        }
        #expect(try QuantityParser.mass("9223372036854775807ng") == Int64.max)
    }

    @Test func errorMessagesSayWhatIsWrongAndGiveAnExample() {
        #expect(QuantityParseError.notExact(text: "0.0001nl", kind: .volume).description.contains("whole number of nanolitres (nL)"))
        #expect(QuantityParseError.missingUnit(text: "500", kind: .mass).description.contains("500ug"))
        #expect(QuantityParseError.unknownUnit(unit: "kg", kind: .mass).description.contains("µg"))
    }
}
