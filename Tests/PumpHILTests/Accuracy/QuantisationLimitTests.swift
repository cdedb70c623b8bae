import PumpCore
@testable import PumpHIL
import Testing

@Suite struct QuantisationLimitTests {
    static let step = StepVolume.nanolitres(250)

    @Test func theLimitIsOneStepOverTheVolumeTheWindowShouldHold() {
        let limit = QuantisationLimit(stepVolume: Self.step)
        // 10 mL/h over 2 min is 333 333.3 nL: 250 nL of it is 0.075 %.
        #expect(limit.limit(for: .minutes(2), at: .millilitresPerHour(10)).percentText() == "+0.075")
        // 0.25 mL/day over 2 min is 347.2 nL: 250 nL of it is 72 %.
        #expect(limit.limit(for: .minutes(2), at: .microlitresPerDay(250)).percentText() == "+72.000")
        let withBalance = QuantisationLimit(stepVolume: Self.step, measurementResolution: .nanolitres(10))
        #expect(withBalance.explainedPicolitres == 260_000)
        #expect(withBalance.limit(for: .minutes(2), at: .microlitresPerDay(250)).percentText() == "+74.880")
    }

    @Test func stepCountsFlooredToTheNanolitreAddOneNanolitreUnlessStepsAreWholeNanolitres() {
        #expect(QuantisationLimit.reportedStepCounts(stepVolume: .nanolitres(250)).measurementResolution == .zero)
        #expect(QuantisationLimit.reportedStepCounts(stepVolume: .picolitres(287_500)).measurementResolution == .nanolitres(1))
    }

    @Test func aSteppedDeliveryStaysWithinTheQuantisationLimit() throws {
        for rate in [VolumeRate.microlitresPerDay(250), .millilitresPerHour(10)] {
            let delivery = SteppedDelivery(rate: rate, step: Self.step)
            let curve = try TrumpetCurve(samples: delivery.samples(), rate: rate, quantisation: QuantisationLimit(stepVolume: Self.step))
            #expect(curve.withinQuantisationLimit, "\(rate)")
        }
    }

    /// The numbers the accuracy report quotes for the simulated rig (250 nL steps, steps counted
    /// from the start of the run): at 0.25 mL/day a 2-minute window asks for x = 1.39 steps and
    /// holds 1 or 2, so Ep spans (1 − x)/x … (2 − x)/x = −28 % … +44 % inside ±72 %.
    @Test func theLowIntrathecalRateGivesTheWholeStepCurve() throws {
        let rate = VolumeRate.microlitresPerDay(250)
        let curve = try TrumpetCurve(
            samples: SteppedDelivery(rate: rate, step: Self.step).samples(), rate: rate, quantisation: QuantisationLimit(stepVolume: Self.step))
        #expect(curve.points.map { $0.maximum.percentText() } == ["+44.000", "+15.200", "+4.727", "+6.105", "+2.194"])
        #expect(curve.points.map { $0.minimum.percentText() } == ["-28.000", "-13.600", "-8.364", "-1.474", "-2.452"])
        #expect(curve.points.map { $0.quantisationLimit.percentText() } == ["+72.000", "+28.800", "+13.091", "+7.579", "+4.645"])
        #expect(curve.overall.percentText() == "+0.800")
        #expect(curve.overallQuantisationLimit.percentText() == "+2.400")
        #expect(curve.withinQuantisationLimit)
    }

    @Test func theBenchRateGivesAFractionOfAPercent() throws {
        let rate = VolumeRate.millilitresPerHour(10)
        let curve = try TrumpetCurve(
            samples: SteppedDelivery(rate: rate, step: Self.step).samples(), rate: rate, quantisation: QuantisationLimit(stepVolume: Self.step))
        #expect(curve.points.map { $0.maximum.percentText(decimals: 4) } == ["+0.0500", "+0.0200", "+0.0091", "+0.0026", "+0.0016"])
        #expect(curve.points.map { $0.minimum.percentText(decimals: 4) } == ["-0.0250", "-0.0100", "-0.0045", "-0.0053", "-0.0032"])
        #expect(curve.points.map { $0.quantisationLimit.percentText(decimals: 4) } == ["+0.0750", "+0.0300", "+0.0136", "+0.0079", "+0.0048"])
        #expect(curve.overall == .zero)
        #expect(curve.withinQuantisationLimit)
    }

    @Test func theDaemonsOwnPlannerGivesTheSameCurveAsTheIdealStepper() throws {
        for rate in [VolumeRate.microlitresPerDay(250), .millilitresPerHour(10)] {
            let limit = QuantisationLimit(stepVolume: Self.step)
            let planned = try TrumpetCurve(samples: PlannerDelivery.samples(rate: rate, step: Self.step), rate: rate, quantisation: limit)
            let ideal = try TrumpetCurve(samples: SteppedDelivery(rate: rate, step: Self.step).samples(), rate: rate, quantisation: limit)
            #expect(planned == ideal, "\(rate)")
            #expect(planned.withinQuantisationLimit)
        }
    }

    /// Random rates from 1 µL/day to 20 mL/h, random step volumes (any picolitre count, so the
    /// reported nanolitres are floored: a measurement resolution of 1 nL) and random phases.
    @Test func steppedDeliveryAtRandomRatesStaysWithinTheLimit() throws {
        var generator = SeededGenerator(seed: 0x7275_6D70_6574)
        for trial in 0..<300 {
            let rate = VolumeRate(picolitresPerDay: Int64.random(in: 1_000_000...480_000_000_000, using: &generator))
            let step = StepVolume(picolitres: Int64.random(in: 20_000...2_000_000, using: &generator))
            let delivery = SteppedDelivery(rate: rate, step: step, phasePicolitres: Int64.random(in: 0..<step.picolitres, using: &generator))
            let limit = QuantisationLimit.reportedStepCounts(stepVolume: step)
            let curve = try TrumpetCurve(samples: delivery.samples(), rate: rate, quantisation: limit)
            #expect(curve.withinQuantisationLimit, "trial \(trial): \(rate), \(step), phase \(delivery.phasePicolitres) pL")
        }
    }

    /// For whole-nanolitre steps the ideal stepper is sharper than the symmetric limit: a window
    /// holds ⌊x⌋ or ⌈x⌉ steps (x = r·P/s), so Ep(max) ≤ (⌈x⌉ − x)·s/(r·P) and Ep(min) ≥ −(x − ⌊x⌋)·s/(r·P).
    @Test func anIdealStepperStaysWithinTheWholeStepBoundsOfEachWindow() throws {
        var generator = SeededGenerator(seed: 0x5354_4550)
        let day = Int128(TimeSpan.day.nanoseconds)
        for trial in 0..<200 {
            let rate = VolumeRate(picolitresPerDay: Int64.random(in: 1_000_000...480_000_000_000, using: &generator))
            let step = StepVolume.nanolitres(Int64.random(in: 20...2_000, using: &generator))
            let delivery = SteppedDelivery(rate: rate, step: step, phasePicolitres: Int64.random(in: 0..<step.picolitres, using: &generator))
            let curve = try TrumpetCurve(samples: delivery.samples(), rate: rate, quantisation: QuantisationLimit(stepVolume: step))
            for point in curve.points {
                // x·s·day = r·P; in picolitre × ns-per-day units.
                let asked = Int128(rate.picolitresPerDay) * Int128(point.window.nanoseconds)
                let stepUnit = Int128(step.picolitres) * day
                let below = asked / stepUnit * stepUnit
                let above = below == asked ? asked : below + stepUnit
                let upper = RelativeDeviation(numerator: above - asked, denominator: asked)
                let lower = RelativeDeviation(numerator: below - asked, denominator: asked)
                #expect(point.maximum <= upper && point.minimum >= lower, "trial \(trial): \(rate), \(step), window \(point.window)")
            }
        }
    }
}
