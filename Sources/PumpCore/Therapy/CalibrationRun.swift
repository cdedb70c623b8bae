/// A calibration run: a set number of steps at a set flow, for weighing what they push.
public struct CalibrationRun: Hashable, Sendable {
    public enum State: String, Hashable, Sendable {
        /// Still driving the motor.
        case running
        /// Every step was made: its mass can be committed.
        case finished
        /// Stopped, refused or cut short by an alarm: its mass measures nothing.
        case interrupted
    }

    /// Steps asked for.
    public let steps: Int64
    public let rate: VolumeRate
    /// The step volume the run was driven with (a commit compares against it).
    public let stepVolume: StepVolume
    /// Commanded pump position when the run began, picolitres.
    public let startPosition: Int64
    public let started: ClockReading
    /// The stop the pump was in before the run; it returns to it afterwards.
    public let returnTo: StopCause
    public internal(set) var state: State
    /// Steps commanded so far.
    public internal(set) var made: Int64 = 0
}
