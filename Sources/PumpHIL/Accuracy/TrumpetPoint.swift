public import PumpCore

/// One observation window of a trumpet curve: the extreme deviations of its sliding windows and
/// the quantisation limit they are held against.
public struct TrumpetPoint: Hashable, Sendable {
    /// P, the observation window.
    public var window: TimeSpan
    /// How many windows of length P were examined: (T2 − P)/Δt + 1.
    public var windowCount: Int
    /// Ep(max): the largest deviation of a windowed mean flow from the set rate.
    public var maximum: RelativeDeviation
    /// Ep(min): the smallest (most negative) deviation.
    public var minimum: RelativeDeviation
    /// Where the first window giving Ep(max) starts, from the start of the run.
    public var maximumStart: TimeSpan
    /// Where the first window giving Ep(min) starts, from the start of the run.
    public var minimumStart: TimeSpan
    /// ± this is what one step (plus the measurement resolution) explains for P at the set rate.
    public var quantisationLimit: RelativeDeviation

    public init(
        window: TimeSpan, windowCount: Int, maximum: RelativeDeviation, minimum: RelativeDeviation, maximumStart: TimeSpan,
        minimumStart: TimeSpan, quantisationLimit: RelativeDeviation
    ) {
        self.window = window
        self.windowCount = windowCount
        self.maximum = maximum
        self.minimum = minimum
        self.maximumStart = maximumStart
        self.minimumStart = minimumStart
        self.quantisationLimit = quantisationLimit
    }

    /// Whether both Ep(max) and Ep(min) are within ± the quantisation limit (compared exactly,
    /// the limit itself included).
    public var withinQuantisationLimit: Bool { maximum.isWithin(quantisationLimit) && minimum.isWithin(quantisationLimit) }

    /// Ep(max) in percent.
    public var maximumPercent: Double { maximum.percent }
    /// Ep(min) in percent.
    public var minimumPercent: Double { minimum.percent }
    /// The quantisation limit in percent (positive; the band is ± this).
    public var quantisationLimitPercent: Double { quantisationLimit.percent }
}
