import PumpCore
import PumpHIL
import Testing

@Suite struct TrumpetCurveTests {
    static let fineStep = QuantisationLimit(stepVolume: .nanolitres(1))

    /// Four one-minute intervals at 1 µL/min (60 µL/h) delivering 1000, 1100, 800 and 1100 nL.
    @Test func aHandComputedRunGivesTheExpectedExtremesPerWindow() throws {
        let samples = [0, 1000, 2100, 2900, 4000].enumerated().map { VolumeSample(seconds: Int64($0.offset) * 60, nanolitres: Int64($0.element)) }
        let configuration = TrumpetCurveConfiguration(
            sampleInterval: .minutes(1), analysisStart: .zero, analysisDuration: .minutes(4), windows: [.minutes(2), .minutes(1)])
        let curve = try TrumpetCurve(samples: samples, rate: .microlitresPerHour(60), quantisation: Self.fineStep, configuration: configuration)

        #expect(curve.points.map(\.window) == [.minutes(1), .minutes(2)])
        let one = curve.points[0]
        #expect(one.windowCount == 4)
        #expect(one.maximum.percentText() == "+10.000")
        #expect(one.minimum.percentText() == "-20.000")
        #expect(one.maximumStart == .minutes(1))
        #expect(one.minimumStart == .minutes(2))
        let two = curve.points[1]
        #expect(two.windowCount == 3)
        #expect(two.maximum.percentText() == "+5.000")
        #expect(two.minimum.percentText() == "-5.000")
        #expect(curve.overall == .zero)
        #expect(curve.deliveredInAnalysisPeriod == .nanolitres(4000))
        #expect(curve.expectedInAnalysisPeriod == .nanolitres(4000))
        // One nanolitre in 1000 nL is 0.1 %; in 2000 nL, 0.05 %.
        #expect(one.quantisationLimit.percentText() == "+0.100")
        #expect(two.quantisationLimit.percentText() == "+0.050")
        #expect(!curve.withinQuantisationLimit)
    }

    @Test func aPerfectlyUniformDeliveryHasZeroDeviationAtEveryWindow() throws {
        // 12 mL/h is exactly 100 µL every 30 s.
        let samples = ContinuousDelivery(rate: .millilitresPerHour(12)).samples()
        let curve = try TrumpetCurve(samples: samples, rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        #expect(curve.points.map(\.window) == TrumpetCurveConfiguration.standardWindows)
        #expect(curve.points.map(\.windowCount) == [117, 111, 99, 83, 59])
        for point in curve.points {
            #expect(point.maximum == .zero && point.minimum == .zero, "window \(point.window)")
            #expect(point.maximumPercent == 0 && point.minimumPercent == 0)
        }
        #expect(curve.overall == .zero)
        #expect(curve.withinQuantisationLimit)
    }

    @Test func aPausedMinuteShowsUpAsTheMinimumInTheTwoMinuteWindow() throws {
        let delivery = ContinuousDelivery(rate: .millilitresPerHour(12), pauses: [(start: .minutes(80), length: .minutes(1))])
        let curve = try TrumpetCurve(samples: delivery.samples(), rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        let two = try #require(curve.points.first)
        #expect(two.window == .minutes(2))
        #expect(two.minimum.percentText() == "-50.000")
        #expect(two.minimumStart == .minutes(79))
        #expect(two.maximum == .zero)
        // The longer the window, the more the lost minute is diluted: −1/P.
        #expect(curve.points.map { $0.minimum.percentText() } == ["-50.000", "-20.000", "-9.091", "-5.263", "-3.226"])
        #expect(curve.overall.percentText() == "-1.667")
        #expect(!curve.points[0].withinQuantisationLimit)
    }

    @Test func aPauseBeforeTheAnalysisPeriodIsNotPartOfTheCurve() throws {
        let delivery = ContinuousDelivery(rate: .millilitresPerHour(12), pauses: [(start: .minutes(20), length: .minutes(5))])
        let curve = try TrumpetCurve(samples: delivery.samples(), rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        #expect(curve.points.allSatisfy { $0.maximum == .zero && $0.minimum == .zero })
    }

    @Test func aFastPumpShowsAPositiveOverallError() throws {
        // Delivering 12.12 mL/h against a set 12 mL/h is 1 % fast at every window.
        let samples = ContinuousDelivery(rate: .microlitresPerHour(12_120)).samples()
        let curve = try TrumpetCurve(samples: samples, rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        #expect(curve.overall.percentText() == "+1.000")
        #expect(curve.points.allSatisfy { $0.maximum.percentText() == "+1.000" && $0.minimum.percentText() == "+1.000" })
    }

    @Test func samplesNearTheGridAreTakenAndTheNearestWins() throws {
        // A balance streaming every 10 s, its clock 2 s late: the samples at 32 s, 62 s… are nearest.
        let rate = VolumeRate.millilitresPerHour(12)
        let samples = stride(from: Int64(2), through: 7_202, by: 10).map { second in
            VolumeSample(time: .seconds(second), delivered: rate.volume(over: .seconds(second - 2)))
        }
        let curve = try TrumpetCurve(samples: samples, rate: rate, quantisation: Self.fineStep)
        #expect(curve.points.allSatisfy { $0.maximum == .zero && $0.minimum == .zero })
    }

    @Test func aRunLongerThanTheAnalysisPeriodIgnoresWhatFollows() throws {
        var samples = ContinuousDelivery(rate: .millilitresPerHour(12)).samples(until: .hours(3))
        samples[300].delivered = .zero  // at 150 min, after the analysis period
        let curve = try TrumpetCurve(samples: samples, rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        #expect(curve.overall == .zero)
    }

    // MARK: - Refusals

    @Test func aZeroRateIsRefused() {
        let samples = ContinuousDelivery(rate: .millilitresPerHour(12)).samples()
        #expect(throws: TrumpetCurveError.rateNotPositive(.zero)) {
            try TrumpetCurve(samples: samples, rate: .zero, quantisation: Self.fineStep)
        }
        #expect(TrumpetCurveError.rateNotPositive(.zero).description.contains("must be positive"))
    }

    @Test func aRecordingThatStopsEarlyIsRefusedAtTheFirstMissingGridPoint() {
        let samples = ContinuousDelivery(rate: .millilitresPerHour(12)).samples(until: .minutes(90))
        #expect(throws: TrumpetCurveError.missingSample(expectedAt: .seconds(5_430), tolerance: .seconds(3), nearest: .minutes(90))) {
            try TrumpetCurve(samples: samples, rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        }
    }

    @Test func aShortRecordingIsRefusedAsTooFewSamples() {
        let samples = ContinuousDelivery(rate: .millilitresPerHour(12)).samples(until: .minutes(30))
        let error = #expect(throws: TrumpetCurveError.self) {
            try TrumpetCurve(samples: samples, rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        }
        #expect(error == .tooFewSamples(count: 61, needed: 121, analysisStart: .hours(1), analysisEnd: .hours(2), sampleInterval: .seconds(30)))
        #expect(error?.description == "too few samples: the analysis period from 1 h to 2 h needs 121 (one every 30 s), but there are 61")
    }

    @Test func samplesGoingBackInTimeAreRefusedNamingTheSample() {
        var samples = ContinuousDelivery(rate: .millilitresPerHour(12)).samples()
        samples.swapAt(10, 11)
        let error = #expect(throws: TrumpetCurveError.self) {
            try TrumpetCurve(samples: samples, rate: .millilitresPerHour(12), quantisation: Self.fineStep)
        }
        #expect(error == .nonMonotonicTime(index: 11, previous: .seconds(330), time: .seconds(300)))
        #expect(error?.description == "sample 11 is at 5 min, not after the sample before it (330 s): sample times must increase")
    }

    @Test func aWindowLongerThanTheAnalysisPeriodIsRefused() {
        let configuration = TrumpetCurveConfiguration(windows: [.minutes(2), .minutes(61)])
        #expect(throws: TrumpetCurveError.windowLongerThanTheAnalysisPeriod(window: .minutes(61), analysisPeriod: .hours(1))) {
            try configuration.validate()
        }
    }

    @Test func aWindowThatIsNotAWholeNumberOfSampleIntervalsIsRefused() {
        let configuration = TrumpetCurveConfiguration(sampleInterval: .seconds(45))
        #expect(throws: TrumpetCurveError.windowNotAMultipleOfTheSampleInterval(window: .minutes(2), sampleInterval: .seconds(45))) {
            try configuration.validate()
        }
    }

    @Test func configurationsThatCannotBeAnalysedAreRefusedBeforeARunStarts() {
        #expect(throws: TrumpetCurveError.noWindows) { try TrumpetCurveConfiguration(windows: []).validate() }
        #expect(throws: TrumpetCurveError.sampleIntervalNotPositive(.zero)) { try TrumpetCurveConfiguration(sampleInterval: .zero).validate() }
        #expect(throws: TrumpetCurveError.timingToleranceOutOfRange(tolerance: .seconds(15), sampleInterval: .seconds(30))) {
            try TrumpetCurveConfiguration(timingTolerance: .seconds(15)).validate()
        }
        #expect(throws: TrumpetCurveError.analysisPeriodNotAMultipleOfTheSampleInterval(analysisPeriod: .seconds(3_601), sampleInterval: .seconds(30))) {
            try TrumpetCurveConfiguration(analysisDuration: .seconds(3_601)).validate()
        }
    }

    @Test func theStandardConfigurationSamplesEveryThirtySecondsForTwoHours() throws {
        let configuration = TrumpetCurveConfiguration.iec60601_2_24
        try configuration.validate()
        #expect(configuration.sampleTimes.count == 241)
        #expect(configuration.sampleTimes.last == .hours(2))
        #expect(configuration.effectiveTimingTolerance == .seconds(3))
    }

    @Test func duplicateWindowsAreAnalysedOnceInAscendingOrder() throws {
        let configuration = TrumpetCurveConfiguration(windows: [.minutes(5), .minutes(2), .minutes(5)])
        let samples = ContinuousDelivery(rate: .millilitresPerHour(12)).samples()
        let curve = try TrumpetCurve(samples: samples, rate: .millilitresPerHour(12), quantisation: Self.fineStep, configuration: configuration)
        #expect(curve.points.map(\.window) == [.minutes(2), .minutes(5)])
    }
}
