public import PumpCore

/// How an accuracy run is sampled and analysed: the IEC 60601-2-24 trumpet-curve method by default.
///
/// The standard's method (clause 201.12.1 of IEC 60601-2-24:2012, the "trumpet curve"): run the
/// pump at a constant set rate for two hours and weigh the delivered fluid every Δt = 0.5 min. The
/// *analysis period* T2 is the second hour. For each observation window of P minutes (2, 5, 11, 19
/// and 31), every window of P minutes that fits in T2, starting at each sample in turn, gives a
/// mean flow; Ep(max) and Ep(min) are the largest and smallest percentage deviations of those
/// windowed flows from the set rate. There are (T2 − P)/Δt + 1 such windows. The overall error A is
/// the deviation of the mean flow over the whole analysis period.
///
/// All of these can be changed (a short run for a test, a longer window list), within the rules
/// `validate()` checks.
public struct TrumpetCurveConfiguration: Hashable, Sendable {
    /// The standard's observation windows: 2, 5, 11, 19 and 31 minutes.
    public static let standardWindows: [TimeSpan] = [2, 5, 11, 19, 31].map { TimeSpan.minutes($0) }

    /// Δt, the time between volume samples (0.5 min in the standard). Positive.
    public var sampleInterval: TimeSpan
    /// Where the analysis period starts, measured from the start of the run (1 h in the standard:
    /// the first hour lets the delivery settle). Not negative.
    public var analysisStart: TimeSpan
    /// T2, the length of the analysis period (1 h in the standard). A positive multiple of
    /// `sampleInterval`.
    public var analysisDuration: TimeSpan
    /// The observation windows P. Each is a positive multiple of `sampleInterval` and no longer
    /// than `analysisDuration`. The curve lists them in ascending order, each once.
    public var windows: [TimeSpan]
    /// How far a sample's time may be from its place on the Δt grid (a balance's clock is not the
    /// rig's). Nil means a tenth of `sampleInterval`. Must be less than half of `sampleInterval`,
    /// so that no sample can stand for two grid points.
    public var timingTolerance: TimeSpan?

    public init(
        sampleInterval: TimeSpan = .seconds(30), analysisStart: TimeSpan = .hours(1), analysisDuration: TimeSpan = .hours(1),
        windows: [TimeSpan] = TrumpetCurveConfiguration.standardWindows, timingTolerance: TimeSpan? = nil
    ) {
        self.sampleInterval = sampleInterval
        self.analysisStart = analysisStart
        self.analysisDuration = analysisDuration
        self.windows = windows
        self.timingTolerance = timingTolerance
    }

    /// The standard's method: two hours sampled every 30 s, analysed over the second hour with
    /// windows of 2, 5, 11, 19 and 31 minutes.
    public static let iec60601_2_24 = TrumpetCurveConfiguration()

    /// Where the analysis period ends: how long the run has to be recorded.
    public var analysisEnd: TimeSpan { analysisStart + analysisDuration }

    /// The tolerance in force (`timingTolerance`, or a tenth of the sample interval).
    public var effectiveTimingTolerance: TimeSpan {
        timingTolerance ?? TimeSpan(nanoseconds: sampleInterval.nanoseconds / 10)
    }

    /// The instants at which a runner should sample delivered volume: every `sampleInterval` from
    /// the start of the run (time zero) to the end of the analysis period, both included.
    /// Call `validate()` first; an invalid configuration gives an empty list.
    public var sampleTimes: [TimeSpan] {
        guard sampleInterval > .zero, analysisEnd >= .zero else { return [] }
        let count = analysisEnd.nanoseconds / sampleInterval.nanoseconds
        return (0...count).map { sampleInterval * $0 }
    }

    /// The windows as analysed: ascending, each once.
    public var sortedWindows: [TimeSpan] { Array(Set(windows)).sorted() }

    /// Checks the rules above, so that a two-hour run is not started with a configuration that
    /// cannot be analysed.
    public func validate() throws(TrumpetCurveError) {
        guard sampleInterval > .zero else { throw .sampleIntervalNotPositive(sampleInterval) }
        guard analysisStart >= .zero else { throw .analysisStartNegative(analysisStart) }
        guard analysisDuration > .zero, analysisDuration.nanoseconds % sampleInterval.nanoseconds == 0 else {
            throw .analysisPeriodNotAMultipleOfTheSampleInterval(analysisPeriod: analysisDuration, sampleInterval: sampleInterval)
        }
        let tolerance = effectiveTimingTolerance
        guard tolerance >= .zero, tolerance.nanoseconds * 2 < sampleInterval.nanoseconds else {
            throw .timingToleranceOutOfRange(tolerance: tolerance, sampleInterval: sampleInterval)
        }
        guard !windows.isEmpty else { throw .noWindows }
        for window in sortedWindows {
            guard window > .zero, window.nanoseconds % sampleInterval.nanoseconds == 0 else {
                throw .windowNotAMultipleOfTheSampleInterval(window: window, sampleInterval: sampleInterval)
            }
            guard window <= analysisDuration else {
                throw .windowLongerThanTheAnalysisPeriod(window: window, analysisPeriod: analysisDuration)
            }
        }
    }
}
