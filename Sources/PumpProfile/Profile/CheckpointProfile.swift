public import PumpCore

/// How often delivery state is persisted: after this many steps or this much time, whichever
/// comes first, bounding what a crash can make the daemon forget.
public struct CheckpointProfile: Hashable, Sendable {
    public var everySteps: Int64
    public var interval: TimeSpan

    public init(everySteps: Int64, interval: TimeSpan) {
        self.everySteps = everySteps
        self.interval = interval
    }
}
