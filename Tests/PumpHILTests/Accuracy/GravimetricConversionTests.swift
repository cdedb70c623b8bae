import PumpBalance
import PumpCore
import PumpHIL
import Testing

@Suite struct GravimetricConversionTests {
    let water = GravimetricConversion(density: .milligramsPerMillilitre(1_000))

    @Test func aGramOfWaterAtAGramPerMillilitreIsAMillilitre() {
        #expect(water.volume(of: .grams(1)) == .millilitres(1))
        #expect(water.volume(of: .micrograms(250)) == .nanolitres(250))
    }

    @Test func volumesRoundToTheNearestNanolitreHalvesAwayFromZero() throws {
        let real = GravimetricConversion(density: try FluidDensity(milligramsPerMillilitre: "998.2"))
        // 10⁶ µg × 10⁶ / 998 200 = 1 001 803.246… nL
        #expect(real.volume(of: .grams(1)) == .nanolitres(1_001_803))
        let dense = GravimetricConversion(density: .milligramsPerMillilitre(2_000))
        #expect(dense.volume(of: .micrograms(1)) == .nanolitres(1))  // 0.5 nL
        #expect(dense.volume(of: .micrograms(-1)) == .nanolitres(-1))  // −0.5 nL
        #expect(dense.volume(of: .micrograms(3)) == .nanolitres(2))  // 1.5 nL
        #expect(GravimetricConversion(density: .milligramsPerMillilitre(3_000)).volume(of: .micrograms(1)) == .zero)  // 0.33 nL
    }

    @Test func densitiesAreParsedExactlyInMilligramsPerMillilitre() throws {
        #expect(try FluidDensity(milligramsPerMillilitre: "998.2").microgramsPerMillilitre == 998_200)
        #expect(try FluidDensity(milligramsPerMillilitre: "1000").microgramsPerMillilitre == 1_000_000)
        #expect(throws: FluidDensityError.notPositive("0")) { try FluidDensity(milligramsPerMillilitre: "0") }
        #expect(throws: FluidDensityError.finerThanAMicrogramPerMillilitre("998.2071")) { try FluidDensity(milligramsPerMillilitre: "998.2071") }
        #expect(throws: FluidDensityError.malformed("water")) { try FluidDensity(milligramsPerMillilitre: "water") }
    }

    @Test func samplesStartAtTheFirstRecordsTimeAndMass() {
        let records = [
            BalanceRecord(time: .seconds(100), mass: .grams(5)), BalanceRecord(time: .seconds(130), mass: .micrograms(5_000_250)),
        ]
        #expect(water.samples(from: records) == [VolumeSample(seconds: 0, nanolitres: 0), VolumeSample(seconds: 30, nanolitres: 250)])
        #expect(water.samples(from: []).isEmpty)
    }

    @Test func aBalancesReadabilityBecomesAMeasurementResolution() throws {
        let real = GravimetricConversion(density: try FluidDensity(milligramsPerMillilitre: "998.2"))
        // 0.01 mg is 10.02 nL of water: 11 nL, plus 1 nL for rounding each reading.
        #expect(real.measurementResolution(readability: .micrograms(10)) == .nanolitres(12))
        #expect(water.measurementResolution(readability: .micrograms(10)) == .nanolitres(11))
    }

    /// A stepped delivery at 0.25 mL/day weighed on a 0.01 mg balance, logged as CSV, read back
    /// and analysed: within one step plus the balance's resolution at every window.
    @Test func aWeighedSteppedDeliveryStaysWithinTheLimitWithTheBalancesResolution() throws {
        let density = try FluidDensity(milligramsPerMillilitre: "998.2")
        let rate = VolumeRate.microlitresPerDay(250)
        let step = StepVolume.nanolitres(250)
        let delivery = SteppedDelivery(rate: rate, step: step, phasePicolitres: 117_000)
        var log = "Elapsed time (s);Net mass (g)\r\n"
        for sample in delivery.samples() {
            // The beaker starts at 12.345 67 g; the balance shows mass to 0.01 mg (5 decimals of g).
            let micrograms = 12_345_670 + (Int64(sample.delivered.nanolitres) * density.microgramsPerMillilitre + 500_000) / 1_000_000
            let shown = (micrograms + 5) / 10 * 10
            let grams = "\(shown / 1_000_000),\(String(String(shown % 1_000_000 + 1_000_000).dropFirst()).prefix(5))"
            log += "\(sample.time.nanoseconds / 1_000_000_000);\(grams)\r\n"
        }
        let conversion = GravimetricConversion(density: density)
        let samples = conversion.samples(from: try BalanceCSVReader().records(from: log))
        let limit = QuantisationLimit(stepVolume: step, measurementResolution: conversion.measurementResolution(readability: .micrograms(10)))
        let curve = try TrumpetCurve(samples: samples, rate: rate, quantisation: limit)
        #expect(curve.withinQuantisationLimit)
        #expect(curve.points[0].maximum > RelativeDeviation(measured: 130, expected: 100))  // the step pattern shows through
    }
}
