public import PumpCore

/// The IEC 60601-2-24 style accuracy analysis of a constant-rate run: the trumpet curve and the
/// overall error, each held against the quantisation limit of a stepped delivery.
///
/// Method (see `TrumpetCurveConfiguration`): the samples are placed on the Δt grid of the analysis
/// period T2. For each observation window P of m = P/Δt intervals, each of the (T2 − P)/Δt + 1
/// windows starting at a grid point j gives the windowed volume V(j + m) − V(j); its deviation from
/// the set rate is
///
///     Ep = (V(j + m) − V(j) − r·P) / (r·P)
///
/// which is the standard's mean of the m per-interval flow deviations (Δt/P)·Σ(Qi − r)/r: the
/// mean of the interval flows telescopes to the windowed volume. Ep(max) and Ep(min) are the
/// extremes over the windows. The overall error A is the same with the whole analysis period as
/// the window. As in the standard, flows use the nominal durations (P, T2), not the timestamps of
/// the samples picked for the grid points.
///
/// Everything is computed exactly in integers (picolitres × nanoseconds-per-day); Doubles appear
/// only in the `…Percent` accessors.
public struct TrumpetCurve: Hashable, Sendable {
    /// r, the set (programmed) rate.
    public let rate: VolumeRate
    /// How the run was sampled and analysed.
    public let configuration: TrumpetCurveConfiguration
    /// The granularity the deviations are held against.
    public let quantisation: QuantisationLimit
    /// One point per observation window, ascending.
    public let points: [TrumpetPoint]
    /// A, the deviation of the mean flow over the whole analysis period from the set rate.
    public let overall: RelativeDeviation
    /// The quantisation limit for the whole analysis period (the limit for P = T2).
    public let overallQuantisationLimit: RelativeDeviation
    /// Volume delivered over the analysis period (between its first and last grid samples).
    public let deliveredInAnalysisPeriod: Volume

    /// Computes the curve of `samples` (cumulative delivered volume since the run started,
    /// ascending in time) for a run at `rate`.
    ///
    /// - Throws: `TrumpetCurveError` when the rate is not positive, the configuration is invalid,
    ///   the samples do not increase in time, or the analysis period's grid is not covered.
    public init(
        samples: [VolumeSample], rate: VolumeRate, quantisation: QuantisationLimit,
        configuration: TrumpetCurveConfiguration = .iec60601_2_24
    ) throws(TrumpetCurveError) {
        guard rate > .zero else { throw .rateNotPositive(rate) }
        try configuration.validate()
        let grid = try SampleGrid(samples: samples, configuration: configuration)
        let day = Int128(TimeSpan.day.nanoseconds)
        let volumes = grid.volumes.map { Int128($0) * 1_000 * day }  // pL × ns-per-day
        let intervals = volumes.count - 1
        let interval = configuration.sampleInterval

        var points: [TrumpetPoint] = []
        for window in configuration.sortedWindows {
            let span = Int(window.nanoseconds / interval.nanoseconds)
            let expected = Int128(rate.picolitresPerDay) * Int128(window.nanoseconds)
            var (maximum, maximumAt) = (Int128.min, 0)
            var (minimum, minimumAt) = (Int128.max, 0)
            for start in 0...(intervals - span) {
                let excess = volumes[start + span] - volumes[start] - expected
                if excess > maximum { (maximum, maximumAt) = (excess, start) }
                if excess < minimum { (minimum, minimumAt) = (excess, start) }
            }
            points.append(
                TrumpetPoint(
                    window: window, windowCount: intervals - span + 1,
                    maximum: RelativeDeviation(numerator: maximum, denominator: expected),
                    minimum: RelativeDeviation(numerator: minimum, denominator: expected),
                    maximumStart: configuration.analysisStart + interval * Int64(maximumAt),
                    minimumStart: configuration.analysisStart + interval * Int64(minimumAt),
                    quantisationLimit: quantisation.limit(for: window, at: rate)))
        }
        let expectedOverall = Int128(rate.picolitresPerDay) * Int128(configuration.analysisDuration.nanoseconds)
        self.rate = rate
        self.configuration = configuration
        self.quantisation = quantisation
        self.points = points
        self.overall = RelativeDeviation(numerator: volumes[intervals] - volumes[0] - expectedOverall, denominator: expectedOverall)
        self.overallQuantisationLimit = quantisation.limit(for: configuration.analysisDuration, at: rate)
        self.deliveredInAnalysisPeriod = .nanolitres(grid.volumes[intervals] - grid.volumes[0])
    }

    /// What the set rate delivers over the analysis period, rounded down to the nanolitre.
    public var expectedInAnalysisPeriod: Volume { rate.volume(over: configuration.analysisDuration) }

    /// A in percent.
    public var overallPercent: Double { overall.percent }
    /// The overall quantisation limit in percent.
    public var overallQuantisationLimitPercent: Double { overallQuantisationLimit.percent }
    /// Whether A is within ± its quantisation limit.
    public var overallWithinQuantisationLimit: Bool { overall.isWithin(overallQuantisationLimit) }
    /// Whether every window and the overall error are within their quantisation limits: the
    /// delivery is as accurate as its step size allows.
    public var withinQuantisationLimit: Bool { overallWithinQuantisationLimit && points.allSatisfy(\.withinQuantisationLimit) }
}
