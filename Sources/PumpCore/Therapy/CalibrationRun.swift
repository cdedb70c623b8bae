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
    /// Who started it (the caller's uid; nil: started in code, commits from anyone): only they may
    /// commit it.
    public internal(set) var startedBy: UInt32?
    /// When it stopped driving the motor (nil: still running).
    public internal(set) var finishedAt: ClockReading?

    /// How long after a run finished its mass may be committed: long enough to weigh, short enough
    /// that a stale run is not committed for another fluid path or another day's motor.
    public static let commitWindow = TimeSpan.hours(1)

    /// The run's steps judged against the encoder with zero tolerance once it stopped (the
    /// control loop records it): a step the encoder never saw pushed nothing, so the mass would
    /// be divided by too many steps.
    public enum MotionCheck: Hashable, Sendable {
        /// Not judged yet (still running, or within the coast window after the stop).
        case pending
        /// No encoder on this rig vouches for the steps: the commit trusts the commanded count.
        case unverifiable
        /// Every commanded step was seen.
        case verified(steps: Int64)
        /// The encoder saw `seen` where `commanded` steps were commanded: nothing to commit.
        case mismatch(commanded: Int64, seen: Int64)
    }
    public internal(set) var motionCheck: MotionCheck = .pending
}
