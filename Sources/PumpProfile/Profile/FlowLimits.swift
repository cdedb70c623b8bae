public import PumpCore

/// The rig's hard flow limits, which no prescription may exceed.
public struct FlowLimits: Hashable, Sendable {
    public var maximumRate: VolumeRate
    /// Lowest non-zero basal rate metered reliably; zero disables the check.
    public var minimumRate: VolumeRate

    public init(maximumRate: VolumeRate, minimumRate: VolumeRate) {
        self.maximumRate = maximumRate
        self.minimumRate = minimumRate
    }
}
