import PumpCore
import Testing
import Varlink

@testable import PumpHIL

/// The accuracy run against the real pumpd on the virtual clock.
@Suite(.serialized) struct AccuracyRunTests {
    /// The standard's method, shortened: 30 s samples, analysed from 30 to 60 min.
    static let shortened = TrumpetCurveConfiguration(
        analysisStart: .minutes(30), analysisDuration: .minutes(30), windows: [2, 5, 11, 19].map { TimeSpan.minutes($0) })

    @Test(arguments: AccuracyRun.Measure.allCases)
    func theTrumpetCurveAt10MillilitresAnHourIsWithinTheQuantisationLimit(measure: AccuracyRun.Measure) throws {
        let process = try PumpdProcess(executable: TestPaths.pumpd, profile: TestPaths.simulatedRig)
        let run = try AccuracyRun(rate: .millilitresPerHour(10), configuration: Self.shortened, process: process, socket: nil)
        let step = try run.stepVolume()
        #expect(step == StepVolume(picolitres: 250_000))
        let samples = try run.collect(from: .simulated(measure))
        #expect(samples.count == 121)
        #expect(samples.first?.delivered == .zero)
        let curve = try TrumpetCurve(samples: samples, rate: run.rate, quantisation: .reportedStepCounts(stepVolume: step), configuration: Self.shortened)
        #expect(curve.points.map(\.window) == Self.shortened.windows)
        #expect(curve.withinQuantisationLimit, "\(AccuracyReport.table(curve, rig: "sim"))")
        // 10 mL/h for half an hour: 5 mL, give or take a step.
        #expect(abs(curve.deliveredInAnalysisPeriod.nanolitres - 5_000_000) <= 250)
    }

    @Test func theProgramRunsTheRateAt2MilligramsPerMillilitre() throws {
        let prescription = try AccuracyRun.prescription(for: .millilitresPerHour(10))
        #expect(prescription["drug"] == ["name": "baclofen", "concentration": 2_000])
        // 10 mL/h × 2 mg/mL = 480 mg/day.
        #expect(prescription["basal"] == ["kind": "continuous", "rate": 480_000_000])
        #expect(prescription["limits"]?["maximumDailyDose"] == 960_000_000)
    }

    @Test(arguments: [
        VolumeRate(picolitresPerDay: 1),  // 0.002 ng/day
        VolumeRate(picolitresPerDay: 499_999),
        VolumeRate.zero,
        VolumeRate(picolitresPerDay: .max),  // the dose overflows
    ])
    func aRateThatIsNotWholeNanogramsPerDayIsRefused(rate: VolumeRate) {
        do {
            let prescription = try AccuracyRun.prescription(for: rate)
            Issue.record("made a program for \(rate): \(prescription)")
        } catch {
            #expect("\(error)".hasSuffix("is not a whole number of ng/day at 2 mg/mL"))
        }
    }

    @Test func theSmallestWholeRateIsAccepted() throws {
        // 500 pL/day × 2 mg/mL = 1 ng/day.
        #expect(try AccuracyRun.prescription(for: VolumeRate(picolitresPerDay: 500))["basal"]?["rate"] == 1)
    }
}
