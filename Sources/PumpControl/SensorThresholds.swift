public import PumpCore

/// The judgement thresholds a running control loop can take without a restart (a profile reload):
/// what counts as an occluded line and when the battery needs replacing. How sensors are read
/// (channels, poll intervals, averaging) is not here: that is hardware and needs a restart.
public struct SensorThresholds: Sendable, Hashable {
    /// Line pressure at or above this (gauge, Pa) counts as an occluded sample.
    public var occlusionThresholdPascals: Int64
    /// Consecutive samples on one side of the threshold that confirm an occlusion or its clearing
    /// (at least 1).
    public var occlusionConfirmSamples: Int
    /// Battery ERI and EOS voltages and their hysteresis, mV.
    public var battery: BatteryThresholds

    public init(occlusionThresholdPascals: Int64, occlusionConfirmSamples: Int, battery: BatteryThresholds) {
        self.occlusionThresholdPascals = occlusionThresholdPascals
        self.occlusionConfirmSamples = occlusionConfirmSamples
        self.battery = battery
    }
}
