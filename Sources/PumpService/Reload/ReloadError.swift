/// Why a reload that the profile allowed was not applied; in every case nothing changed.
public enum ReloadError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The control loop has stopped (pumpd is shutting down): there are no running thresholds.
    case loopStopped
    /// The changes could not be recorded in the event log; they were undone, since a change that
    /// leaves no audit record is not made. `reason`: the storage error.
    case notRecorded(reason: String)

    public var description: String {
        switch self {
        case .loopStopped: "the control loop has stopped"
        case .notRecorded(let reason): "the changes could not be recorded in the event log, so they were undone: \(reason)"
        }
    }
}
