import PumpCore
import Testing

@Suite struct QuantityFormatterTests {
    @Test func massPicksTheUnitByMagnitudeAndNeverRounds() {
        #expect(QuantityFormatter.mass(nanograms: 250) == "250 ng")
        #expect(QuantityFormatter.mass(nanograms: 500_000) == "500 µg")
        #expect(QuantityFormatter.mass(nanograms: 1_200_000) == "1200 µg")
        #expect(QuantityFormatter.mass(nanograms: 20_833) == "20.833 µg")
        #expect(QuantityFormatter.mass(nanograms: 25_000_000) == "25 mg")
        #expect(QuantityFormatter.mass(nanograms: 12_345_678) == "12.345678 mg")
        #expect(QuantityFormatter.mass(nanograms: -60_000) == "-60 µg")
    }

    @Test func volumePicksTheUnitByMagnitudeAndNeverRounds() {
        #expect(QuantityFormatter.volume(nanolitres: 250) == "250 nL")
        #expect(QuantityFormatter.volume(nanolitres: 1_500) == "1.5 µL")
        #expect(QuantityFormatter.volume(nanolitres: 18_250_000) == "18.25 mL")
        #expect(QuantityFormatter.volume(nanolitres: 18_234_567) == "18.234567 mL")
        #expect(QuantityFormatter.volume(nanolitres: -300_000) == "-300 µL")
        #expect(QuantityFormatter.volume(nanolitres: 0) == "0 nL")
    }

    @Test func ratesConcentrationsAndStepVolumesCarryTheirUnits() {
        #expect(QuantityFormatter.doseRate(nanogramsPerDay: 500_000) == "500 µg/day")
        #expect(QuantityFormatter.concentration(microgramsPerMillilitre: 2_000) == "2000 µg/mL")
        #expect(QuantityFormatter.stepVolume(picolitres: 287_500) == "287.5 nL")
        #expect(QuantityFormatter.flow(picolitresPerDay: 250_000_000) == "250 µL/day")
        #expect(QuantityFormatter.flow(picolitresPerDay: 5_500) == "5.5 nL/day")
        #expect(QuantityFormatter.flow(picolitresPerDay: 2_400_000_000_000) == "100 mL/h")
        #expect(QuantityFormatter.flow(picolitresPerDay: 36_000_000_000) == "1.5 mL/h")
        // Not a terminating decimal in mL/h: shown exactly per day rather than rounded per hour.
        #expect(QuantityFormatter.flow(picolitresPerDay: 24_000_000_001) == "24.000000001 mL/day")
        #expect(QuantityFormatter.flow(picolitresPerDay: 250_000_000) == "250 µL/day")
    }

    @Test func durationsSpellOutTheirNonZeroParts() {
        #expect(QuantityFormatter.duration(seconds: 4_800) == "1 h 20 min")
        #expect(QuantityFormatter.duration(seconds: 45) == "45 s")
        #expect(QuantityFormatter.duration(seconds: 0) == "0 s")
        #expect(QuantityFormatter.duration(seconds: 97_205) == "1 d 3 h 5 s")
    }

    @Test func percentRoundsDownSoOnlyCompletionShowsAHundred() {
        #expect(QuantityFormatter.percent(999, of: 1_000) == "99 %")
        #expect(QuantityFormatter.percent(1_000, of: 1_000) == "100 %")
        #expect(QuantityFormatter.percent(5, of: 0) == "—")
    }

    @Test(arguments: ["500ug", "1.5ul", "0.25mg", "20ml", "1.234567ml"])
    func formattedQuantitiesParseBackToTheSameWireValue(text: String) throws {
        if let mass = try? QuantityParser.mass(text) {
            let shown = QuantityFormatter.mass(nanograms: mass).replacingSpaces()
            #expect(try QuantityParser.mass(shown) == mass)
        } else {
            let volume = try QuantityParser.volume(text)
            let shown = QuantityFormatter.volume(nanolitres: volume).replacingSpaces()
            #expect(try QuantityParser.volume(shown) == volume)
        }
    }
}

extension String {
    fileprivate func replacingSpaces() -> String { filter { $0 != " " } }
}
