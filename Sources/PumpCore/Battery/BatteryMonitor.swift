/// Classifies battery readings against ERI/EOS thresholds, with hysteresis, and predicts when the
/// elective replacement indicator will be reached from the trend of recent readings.
///
/// The readings it receives are already averaged by the sensor layer (practice: a mean of 10
/// readings at least every 3 minutes).
public struct BatteryMonitor: Sendable {
    /// The thresholds readings are judged against; `retune(_:)` replaces them.
    public private(set) var thresholds: BatteryThresholds
    public private(set) var level: BatteryLevel = .good
    public private(set) var latestMillivolts: Int64?
    /// Recent readings for the trend, oldest first; bounded.
    private var samples: [(time: CivilTime, millivolts: Int64)] = []
    static let trendSamples = 64

    public init(thresholds: BatteryThresholds) {
        self.thresholds = thresholds
        samples.reserveCapacity(Self.trendSamples)
    }

    /// Judges readings against `thresholds` from now on (a profile reload). The level stays as it
    /// is until the next reading, which is judged against the new thresholds (with hysteresis, as
    /// any reading); the trend keeps its readings.
    public mutating func retune(_ thresholds: BatteryThresholds) {
        self.thresholds = thresholds
    }

    /// Records a reading and returns the level it leads to.
    @discardableResult
    public mutating func record(millivolts: Int64, at time: CivilTime) -> BatteryLevel {
        latestMillivolts = millivolts
        if samples.count == Self.trendSamples { samples.removeFirst() }
        samples.append((time, millivolts))
        let t = thresholds
        switch level {
        case .good:
            if millivolts <= t.endOfServiceMillivolts { level = .endOfService }
            else if millivolts <= t.electiveReplacementMillivolts { level = .electiveReplacement }
        case .electiveReplacement:
            if millivolts <= t.endOfServiceMillivolts { level = .endOfService }
            else if millivolts > t.electiveReplacementMillivolts + t.hysteresisMillivolts { level = .good }
        case .endOfService:
            if millivolts > t.electiveReplacementMillivolts + t.hysteresisMillivolts { level = .good }
            else if millivolts > t.endOfServiceMillivolts + t.hysteresisMillivolts { level = .electiveReplacement }
        }
        return level
    }

    /// When the least-squares trend of recent readings reaches the ERI threshold; nil while the
    /// trend is flat or rising, or with fewer than two readings a minute apart.
    public var predictedElectiveReplacement: CivilTime? {
        guard let first = samples.first, let last = samples.last, (last.time - first.time) >= .minute else { return nil }
        if level != .good { return last.time }
        // Seconds relative to the first sample keep the sums small; the trend is an estimate, not dose
        // accounting, so floating point is fine here.
        let xs = samples.map { Double(($0.time - first.time).nanoseconds) / 1e9 }
        let ys = samples.map { Double($0.millivolts) }
        let n = Double(samples.count)
        let meanX = xs.reduce(0, +) / n, meanY = ys.reduce(0, +) / n
        var covariance = 0.0, variance = 0.0
        for (x, y) in zip(xs, ys) { covariance += (x - meanX) * (y - meanY); variance += (x - meanX) * (x - meanX) }
        guard variance > 0 else { return nil }
        let slope = covariance / variance  // mV per second
        guard slope < 0 else { return nil }
        let secondsFromFirst = (Double(thresholds.electiveReplacementMillivolts) - (meanY - slope * meanX)) / slope
        // Beyond a century the trend says nothing (and would overflow the time arithmetic).
        guard secondsFromFirst.isFinite, secondsFromFirst < 3.2e9 else { return nil }
        return first.time + .nanoseconds(Int64(secondsFromFirst * 1e9))
    }
}
