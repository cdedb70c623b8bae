/// Whether the pump is delivering, and if not, why not.
public enum DeliveryMode: Hashable, Sendable, CustomStringConvertible {
    /// Basal, periodic and on-demand boluses run as programmed.
    case running
    /// A priming bolus is filling the fluid path; basal and boluses wait. `thenRun`: delivery
    /// starts when priming completes.
    case priming(thenRun: Bool)
    /// Nothing moves.
    case stopped(StopCause)

    // Bench procedures (issue 14): therapy stays stopped while they push a bounded volume.
    /// After an occlusion: a line test pushes at most the post-occlusion bolus limit at a low
    /// rate with the line watched every sample; delivery returns to the program only if it passes.
    case lineTest
    /// A calibration run drives a set number of steps at a set rate (clinician, while stopped);
    /// delivery returns to the stop it came from.
    case calibrationRun

    public var description: String {
        switch self {
        case .running: "running"
        case .priming: "priming"
        case .stopped(let cause): "stopped (\(cause.rawValue))"
        case .lineTest: "line-test"
        case .calibrationRun: "calibration-run"
        }
    }
}

/// Why delivery is stopped.
public enum StopCause: String, Hashable, Sendable, Codable {
    /// Not started yet: no prescription, or the fluid path still needs priming.
    case idle
    /// A clinician stopped it; only a clinician's resume restarts it.
    case clinician
    /// A critical alarm stopped it; it stays stopped until the alarm is acknowledged, its cause is
    /// gone, and a clinician resumes.
    case alarm
    /// The daemon itself stopped (service stop, update, power-down). Not a clinician's decision:
    /// delivery resumes by itself when the daemon starts again (a pump left stopped after an
    /// update has caused withdrawal in the field).
    case shutdown
}
