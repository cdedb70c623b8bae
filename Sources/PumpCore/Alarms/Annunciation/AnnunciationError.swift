/// Why a silence was refused. Nothing changed.
public enum AnnunciationError: Error, Hashable, Sendable, CustomStringConvertible {
    /// No alarm is sounding: there is nothing to silence.
    case nothingToSilence
    /// The silence asked for is not positive or is longer than the profile's `max_silence`.
    case silenceOutOfRange(asked: TimeSpan, longest: TimeSpan)
    /// An alarm test is already running; it ends at the given offset from now.
    case testRunning(remaining: TimeSpan)
    /// The rig has no alarm outputs (no buzzer or lamp line in the profile).
    case noAlarmOutputs

    public var description: String {
        switch self {
        case .nothingToSilence: "no alarm is sounding: nothing to silence"
        case .silenceOutOfRange(let asked, let longest):
            "a silence of \(asked.readable) is out of range: it must be longer than 0 s and at most \(longest.readable) ([alarm_outputs] max_silence)"
        case .testRunning(let remaining): "an alarm test is already running (\(remaining.readable) left)"
        case .noAlarmOutputs: "this rig has no alarm outputs ([alarm_outputs] in the profile names none)"
        }
    }
}
