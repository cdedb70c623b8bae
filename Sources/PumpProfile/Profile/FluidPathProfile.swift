public import PumpCore

/// Pump tubing plus catheter.
public struct FluidPathProfile: Hashable, Sendable {
    /// What must be pushed before a new fluid reaches the catheter tip.
    public var deadVolume: Volume
    /// Flow of a priming bolus.
    public var primingRate: VolumeRate

    public init(deadVolume: Volume, primingRate: VolumeRate) {
        self.deadVolume = deadVolume
        self.primingRate = primingRate
    }
}
