public import PumpCore

/// One reading of cumulative delivered volume: how much has left the pump (or reached the
/// balance) since the accuracy run started.
///
/// Both fields are integers: time in whole nanoseconds since the run started (the rig's virtual or
/// monotonic clock, or the balance's clock), volume in whole nanolitres. Nothing is floating point
/// until a percentage is shown.
public struct VolumeSample: Hashable, Sendable, CustomStringConvertible {
    /// Time since the run started, in whole nanoseconds.
    public var time: TimeSpan
    /// Cumulative delivered volume at `time`, in whole nanolitres. Need not be monotonic: a balance
    /// reading can dip (evaporation, vibration) and the analysis takes it as measured.
    public var delivered: Volume

    public init(time: TimeSpan, delivered: Volume) {
        self.time = time
        self.delivered = delivered
    }

    /// A sample at `seconds` after the start with `nanolitres` delivered.
    public init(seconds: Int64, nanolitres: Int64) {
        self.init(time: .seconds(seconds), delivered: .nanolitres(nanolitres))
    }

    public var description: String { "\(time): \(delivered)" }
}
