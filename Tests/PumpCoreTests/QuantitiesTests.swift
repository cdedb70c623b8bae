import PumpCore
import Testing

@Suite struct QuantitiesTests {
    // MARK: - Unit constructors

    @Test func volumeConstructorsScaleToNanolitres() {
        #expect(Volume.nanolitres(7).nanolitres == 7)
        #expect(Volume.microlitres(3).nanolitres == 3_000)
        #expect(Volume.millilitres(20).nanolitres == 20_000_000)
        #expect(Volume.millilitres(2) == .microlitres(2_000))
        #expect(Volume.microlitres(1) == .nanolitres(1_000))
        #expect(Volume.microlitres(5).picolitres == 5_000_000)
    }

    @Test func drugMassConstructorsScaleToNanograms() {
        #expect(DrugMass.nanograms(9).nanograms == 9)
        #expect(DrugMass.micrograms(500).nanograms == 500_000)
        #expect(DrugMass.milligrams(25).nanograms == 25_000_000)
        #expect(DrugMass.milligrams(1) == .micrograms(1_000))
    }

    @Test func microgramsPerHourIsTwentyFourTimesMicrogramsPerDay() {
        #expect(MassRate.microgramsPerDay(500).nanogramsPerDay == 500_000)
        #expect(MassRate.microgramsPerHour(10).nanogramsPerDay == 240_000)
        #expect(MassRate.microgramsPerHour(10) == .microgramsPerDay(240))
        #expect(MassRate.microgramsPerHour(1) != .microgramsPerDay(1))
        #expect(MassRate.microgramsPerDay(1) == .nanogramsPerDay(1_000))
    }

    @Test func millilitresPerHourIsAThousandMicrolitresPerHour() {
        // 1 mL/h = 24 mL/day = 24 × 10⁹ pL/day.
        #expect(VolumeRate.millilitresPerHour(1).picolitresPerDay == 24_000_000_000)
        #expect(VolumeRate.millilitresPerHour(1) == .microlitresPerHour(1_000))
        #expect(VolumeRate.microlitresPerHour(1) == .microlitresPerDay(24))
        #expect(VolumeRate.millilitresPerDay(1) == .microlitresPerDay(1_000))
        #expect(VolumeRate.microlitresPerDay(250).picolitresPerDay == 250_000_000)
    }

    @Test func concentrationInMilligramsPerMillilitreScalesToMicrograms() {
        #expect(Concentration.milligramsPerMillilitre(25).microgramsPerMillilitre == 25_000)
        #expect(Concentration.milligramsPerMillilitre(2) == .microgramsPerMillilitre(2_000))
    }

    @Test func stepVolumeConstructorsScaleToPicolitres() {
        #expect(StepVolume.nanolitres(250).picolitres == 250_000)
        #expect(StepVolume.picolitres(287_500) > .nanolitres(287))
    }

    // MARK: - Conversions

    @Test func fiveHundredMicrogramsPerDayAtTwoThousandPerMillilitreIsTwoHundredFiftyMicrolitresPerDay() {
        // 500 µg/day ÷ 2000 µg/mL = 0.25 mL/day = 250 µL/day = 250 000 000 pL/day.
        let rate = MassRate.microgramsPerDay(500).volumeRate(at: .microgramsPerMillilitre(2000))
        #expect(rate == .microlitresPerDay(250))
        #expect(rate.picolitresPerDay == 250_000_000)
    }

    @Test func volumeRateFromDoseRateRoundsDownNeverUp() {
        // 1 µg/day ÷ 3000 µg/mL = 1/3000 mL/day = 333 333.33… pL/day → 333 333.
        let rate = MassRate.microgramsPerDay(1).volumeRate(at: .microgramsPerMillilitre(3000))
        #expect(rate.picolitresPerDay == 333_333)
        // 2 µg/day ÷ 3000 µg/mL = 666 666.67 pL/day → 666 666, not 666 667.
        #expect(MassRate.microgramsPerDay(2).volumeRate(at: .microgramsPerMillilitre(3000)).picolitresPerDay == 666_666)
    }

    @Test func massRateFromVolumeRateIsTheInverseForExactValues() {
        // 250 µL/day × 2000 µg/mL = 0.25 mL × 2000 = 500 µg/day.
        #expect(VolumeRate.microlitresPerDay(250).massRate(at: .microgramsPerMillilitre(2000)) == .microgramsPerDay(500))
    }

    @Test func massInVolumeRoundsDownToTheNanogram() {
        let c = Concentration.microgramsPerMillilitre(1500)  // = 1.5 ng/nL
        #expect(c.mass(in: .nanolitres(1)) == .nanograms(1))  // 1.5 → 1
        #expect(c.mass(in: .nanolitres(3)) == .nanograms(4))  // 4.5 → 4
        #expect(c.mass(in: .millilitres(2)) == .milligrams(3))  // 2 mL × 1.5 mg/mL, exact
        // Rounding is towards negative infinity, so a negative volume rounds away from zero.
        #expect(c.mass(in: .nanolitres(-1)) == .nanograms(-2))  // -1.5 → -2
    }

    @Test func volumeContainingMassRoundsDownToTheNanolitre() {
        let c = Concentration.microgramsPerMillilitre(3000)  // = 3 ng/nL
        #expect(c.volume(containing: .micrograms(10)) == .nanolitres(3_333))  // 10 000 ng ÷ 3 = 3333.3 → 3333
        #expect(c.volume(containing: .nanograms(2)) == .nanolitres(0))  // 0.67 nL → 0: never more drug than asked
        #expect(c.volume(containing: .micrograms(3)) == .nanolitres(1_000))  // exact
        #expect(Concentration.microgramsPerMillilitre(2000).volume(containing: .micrograms(500)) == .microlitres(250))
    }

    @Test func volumeRateOverASpanRoundsDownToTheNanolitre() {
        // 250 µL/day for 1 h = 250 000 nL ÷ 24 = 10 416.67 nL → 10 416.
        #expect(VolumeRate.microlitresPerDay(250).volume(over: .hours(1)) == .nanolitres(10_416))
        #expect(VolumeRate.microlitresPerDay(250).volume(over: .days(72)) == .millilitres(18))
    }

    @Test func massRateOverASpanRoundsDownToTheNanogram() {
        // 500 µg/day for 1 h = 500 000 ng ÷ 24 = 20 833.3 ng → 20 833.
        #expect(MassRate.microgramsPerDay(500).mass(over: .hours(1)) == .nanograms(20_833))
        #expect(MassRate.microgramsPerHour(10).mass(over: .minutes(30)) == .micrograms(5))
    }

    @Test func stepsPerDayRoundsUpSoTheRateIsSustained() {
        // 250 µL/day ÷ 287.5 nL = 869.57 steps/day → 870.
        #expect(VolumeRate.microlitresPerDay(250).stepsPerDay(with: .picolitres(287_500)) == 870)
        #expect(VolumeRate.microlitresPerDay(250).stepsPerDay(with: .nanolitres(250)) == 1_000)  // exact
    }

    // MARK: - Step volume

    @Test func stepVolumeOfManyStepsIsComputedFromTheCountNotAccumulated() {
        let step = StepVolume.picolitres(287_500)  // 287.5 nL
        #expect(step.volume(ofSteps: 1) == .nanolitres(287))  // 287.5 → 287
        #expect(step.volume(ofSteps: 2) == .nanolitres(575))
        // 10⁹ × 287.5 nL = 287 500 000 000 nL exactly; adding the rounded 287 nL per step would
        // give 287 000 000 000.
        #expect(step.volume(ofSteps: 1_000_000_000) == .nanolitres(287_500_000_000))
        #expect(StepVolume.picolitres(333).volume(ofSteps: 1_000_000_000) == .nanolitres(333_000_000))
    }

    @Test func stepVolumeOfStepsDoesNotOverflowWhenStepsTimesPicolitresExceeds64Bits() {
        // 10¹⁵ × 287 500 pL = 2.875 × 10²⁰ pL, beyond Int64.max ≈ 9.22 × 10¹⁸; the result,
        // 2.875 × 10¹⁷ nL, fits.
        let step = StepVolume.picolitres(287_500)
        #expect(step.volume(ofSteps: 1_000_000_000_000_000) == .nanolitres(287_500_000_000_000_000))
    }

    @Test func stepsInVolumeCountsOnlyWholeSteps() {
        // 1 µL ÷ 287.5 nL = 3.48 → 3 steps.
        #expect(StepVolume.picolitres(287_500).steps(in: .microlitres(1)) == 3)
        #expect(StepVolume.nanolitres(250).steps(in: .microlitres(1)) == 4)
        #expect(StepVolume.nanolitres(250).steps(in: .nanolitres(249)) == 0)
    }

    // MARK: - Descriptions carry units

    /// Descriptions are QuantityFormatter's exact text: pumpd's messages read as pumpctl's views.
    @Test func volumeDescriptionIsExactInTheUnitOfItsMagnitude() {
        #expect(Volume.millilitres(20).description == "20 mL")
        #expect(Volume.nanolitres(19_750_000).description == "19.75 mL")
        #expect(Volume.microlitres(250).description == "250 µL")
        #expect(Volume.nanolitres(258_333).description == "258.333 µL")  // never a rounded "0.258 mL"
        #expect(Volume.nanolitres(1_500).description == "1.5 µL")
        #expect(Volume.nanolitres(-1_500).description == "-1.5 µL")
        #expect(Volume.nanolitres(-400).description == "-400 nL")
    }

    @Test func massDescriptionsAreExactWithUnits() {
        #expect(DrugMass.micrograms(500).description == "500 µg")
        #expect(DrugMass.nanograms(20_833).description == "20.833 µg")
        #expect(MassRate.microgramsPerDay(500).description == "500 µg/day")
        #expect(MassRate.microgramsPerHour(10).description == "240 µg/day")
    }

    /// Refusals quote what a client sent, so a description must never trap, whatever the value.
    @Test func descriptionsHoldAtTheEdgesOfInt64() {
        #expect(DrugMass.nanograms(.max).description == "9223372036854.775807 mg")
        #expect(DrugMass.nanograms(.min).description == "-9223372036854.775808 mg")
        #expect(MassRate(nanogramsPerDay: .min).description == "-9223372036854.775808 mg/day")
        #expect(Volume.nanolitres(.min).description == "-9223372036854.775808 mL")
        #expect(Volume.nanolitres(.max).description == "9223372036854.775807 mL")
        #expect(VolumeRate(picolitresPerDay: .max).description == "9223372036.854775807 mL/day")
        #expect(VolumeRate(picolitresPerDay: .min).description == "-9223372036.854775808 mL/day")
        #expect(StepVolume(picolitres: .max).description == "9223372036854775.807 nL/step")
    }

    @Test func volumeRateDescriptionIsPerDayBelowOneMillilitrePerHour() {
        #expect(VolumeRate.microlitresPerDay(250).description == "250 µL/day")
        #expect(VolumeRate.millilitresPerHour(1).description == "1 mL/h")
        #expect(VolumeRate.microlitresPerHour(1_500).description == "1.5 mL/h")
    }

    @Test func concentrationAndStepVolumeDescriptionsCarryUnits() {
        #expect(Concentration.microgramsPerMillilitre(2000).description == "2000 µg/mL")
        #expect(Concentration.milligramsPerMillilitre(25).description == "25000 µg/mL")
        #expect(StepVolume.picolitres(287_500).description == "287.5 nL/step")
    }

    @Test func timeSpanDescriptionUsesTheLargestExactUnit() {
        #expect(TimeSpan.hours(4).description == "4 h")
        #expect(TimeSpan.minutes(90).description == "90 min")
        #expect(TimeSpan.minutes(120).description == "2 h")
        #expect(TimeSpan.hours(24).description == "1 d")
        #expect(TimeSpan.milliseconds(2_500).description == "2500 ms")
        #expect(TimeSpan.seconds(45).description == "45 s")
        #expect(TimeSpan.nanoseconds(1_500).description == "1500 ns")
        #expect(TimeSpan.zero.description == "0 ns")
        #expect(TimeSpan.minutes(-30).description == "-30 min")
    }

    @Test func timeSpanUnitsNeverTakeMinutesForHours() {
        #expect(TimeSpan.minutes(4) < TimeSpan.hours(4))
        #expect(TimeSpan.hours(4) == .minutes(240))
        #expect(TimeSpan.hours(4).nanoseconds == 14_400_000_000_000)
        #expect(TimeSpan.days(1) == .day)
    }

    // MARK: - Wide arithmetic

    @Test func multiplyDivideFloorsTowardNegativeInfinity() {
        #expect(WideArithmetic.multiplyDivide(7, 1, 2) == 3)
        #expect(WideArithmetic.multiplyDivide(-7, 1, 2) == -4)  // -3.5 → -4 (Swift's / gives -3)
        #expect(WideArithmetic.multiplyDivide(7, 1, -2) == -4)
        #expect(WideArithmetic.multiplyDivide(-7, 1, -2) == 3)  // 3.5 → 3
        #expect(WideArithmetic.multiplyDivide(-8, 1, 2) == -4)  // exact stays exact
    }

    @Test func multiplyDivideRoundingUpCeilsTowardPositiveInfinity() {
        #expect(WideArithmetic.multiplyDivideRoundingUp(7, 1, 2) == 4)
        #expect(WideArithmetic.multiplyDivideRoundingUp(-7, 1, 2) == -3)  // -3.5 → -3
        #expect(WideArithmetic.multiplyDivideRoundingUp(7, 1, -2) == -3)
        #expect(WideArithmetic.multiplyDivideRoundingUp(-8, 1, 2) == -4)
    }

    @Test func floorAndCeilDivideHandleEverySignCombination() {
        #expect(WideArithmetic.floorDivide(-7, 2) == -4)
        #expect(WideArithmetic.floorDivide(7, -2) == -4)
        #expect(WideArithmetic.floorDivide(-7, -2) == 3)
        #expect(WideArithmetic.floorDivide(-1, 1_000) == -1)
        #expect(WideArithmetic.ceilDivide(-7, 2) == -3)
        #expect(WideArithmetic.ceilDivide(7, 2) == 4)
        #expect(WideArithmetic.ceilDivide(7, -2) == -3)
        #expect(WideArithmetic.ceilDivide(-7, -2) == 4)
        #expect(WideArithmetic.ceilDivide(6, 3) == 2)
    }

    @Test func multiplyDivideKeepsIntermediateProductsBeyond64Bits() {
        // A year of 10 mL/h (2.4 × 10¹⁴ pL/day) × 365 days in ns (3.1536 × 10¹⁶) overflows 64 bits
        // before the division by a day in ns; the result is 365 × 2.4 × 10¹⁴ = 8.76 × 10¹⁶.
        let ratePerDay: Int64 = 240_000_000_000_000
        let year = TimeSpan.days(365).nanoseconds
        #expect(WideArithmetic.multiplyDivide(ratePerDay, year, TimeSpan.day.nanoseconds) == 87_600_000_000_000_000)
    }
}
