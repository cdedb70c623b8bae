public import PumpCore

/// How often delivery state is persisted: after this many steps or this much time, whichever
/// comes first, bounding what a crash can make the daemon forget; and how long one state write
/// may take before storage counts as failed (the critical storage-failure alarm stops delivery).
public struct CheckpointProfile: Hashable, Sendable {
    public var everySteps: Int64
    public var interval: TimeSpan
    /// `write_timeout_ms`: a write not done within this is a storage failure. Default 3 s: an SD
    /// card's slowest fsyncs take hundreds of milliseconds; a frozen or dying disk takes forever.
    public var writeTimeout: TimeSpan

    public static let defaultWriteTimeout = TimeSpan.seconds(3)

    public init(everySteps: Int64, interval: TimeSpan, writeTimeout: TimeSpan = CheckpointProfile.defaultWriteTimeout) {
        self.everySteps = everySteps
        self.interval = interval
        self.writeTimeout = writeTimeout
    }
}
