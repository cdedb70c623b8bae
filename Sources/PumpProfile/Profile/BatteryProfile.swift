public import PumpCore

/// Battery monitoring: source, thresholds and sampling.
public struct BatteryProfile: Hashable, Sendable {
    public var source: BatterySource
    public var thresholds: BatteryThresholds
    public var pollInterval: TimeSpan
    /// Readings averaged before comparing with the thresholds.
    public var averageOf: Int64

    public init(source: BatterySource, thresholds: BatteryThresholds, pollInterval: TimeSpan, averageOf: Int64) {
        self.source = source
        self.thresholds = thresholds
        self.pollInterval = pollInterval
        self.averageOf = averageOf
    }
}
