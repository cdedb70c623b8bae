public import PumpCore

/// Why a trumpet curve cannot be computed from a configuration, a set rate and a list of samples.
public enum TrumpetCurveError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The set rate is zero or negative: deviations are relative to it.
    case rateNotPositive(VolumeRate)
    /// The sample interval Δt is zero or negative.
    case sampleIntervalNotPositive(TimeSpan)
    /// The analysis period would start before the run.
    case analysisStartNegative(TimeSpan)
    /// T2 is not a positive whole number of sample intervals.
    case analysisPeriodNotAMultipleOfTheSampleInterval(analysisPeriod: TimeSpan, sampleInterval: TimeSpan)
    /// The timing tolerance is negative or not less than half the sample interval.
    case timingToleranceOutOfRange(tolerance: TimeSpan, sampleInterval: TimeSpan)
    /// No observation window was asked for.
    case noWindows
    /// An observation window is not a positive whole number of sample intervals.
    case windowNotAMultipleOfTheSampleInterval(window: TimeSpan, sampleInterval: TimeSpan)
    /// An observation window does not fit in the analysis period.
    case windowLongerThanTheAnalysisPeriod(window: TimeSpan, analysisPeriod: TimeSpan)
    /// Fewer samples than the analysis period needs (one at each end and one every Δt between).
    case tooFewSamples(count: Int, needed: Int, analysisStart: TimeSpan, analysisEnd: TimeSpan, sampleInterval: TimeSpan)
    /// Sample `index` is not later than the one before it.
    case nonMonotonicTime(index: Int, previous: TimeSpan, time: TimeSpan)
    /// No sample lies within the tolerance of a point of the Δt grid in the analysis period.
    case missingSample(expectedAt: TimeSpan, tolerance: TimeSpan, nearest: TimeSpan?)

    public var description: String {
        switch self {
        case .rateNotPositive(let rate):
            "the set rate is \(rate): deviations are measured relative to the set rate, so it must be positive"
        case .sampleIntervalNotPositive(let interval):
            "the sample interval is \(interval): it must be positive"
        case .analysisStartNegative(let start):
            "the analysis period starts at \(start), before the run started"
        case .analysisPeriodNotAMultipleOfTheSampleInterval(let period, let interval):
            "the analysis period (\(period)) must be a positive whole number of sample intervals (\(interval))"
        case .timingToleranceOutOfRange(let tolerance, let interval):
            "the timing tolerance (\(tolerance)) must be at least zero and less than half the sample interval (\(interval)), so that one sample cannot stand for two grid points"
        case .noWindows:
            "no observation window was given"
        case .windowNotAMultipleOfTheSampleInterval(let window, let interval):
            "the observation window \(window) must be a positive whole number of sample intervals (\(interval))"
        case .windowLongerThanTheAnalysisPeriod(let window, let period):
            "the observation window \(window) is longer than the analysis period (\(period)): not one window fits"
        case .tooFewSamples(let count, let needed, let start, let end, let interval):
            "too few samples: the analysis period from \(start) to \(end) needs \(needed) (one every \(interval)), but there are \(count)"
        case .nonMonotonicTime(let index, let previous, let time):
            "sample \(index) is at \(time), not after the sample before it (\(previous)): sample times must increase"
        case .missingSample(let expected, let tolerance, let nearest):
            "no sample within ±\(tolerance) of \(expected)"
                + (nearest.map { " (the nearest is at \($0))" } ?? " (there are no samples)")
        }
    }
}
