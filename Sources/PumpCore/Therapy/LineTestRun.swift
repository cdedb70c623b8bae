/// A line test in progress: where it started and how far it may push.
public struct LineTestRun: Hashable, Sendable {
    /// Commanded pump position when the test began, picolitres.
    public let startPosition: Int64
    /// The most the test may push, picolitres: the plan's volume in whole steps, never above the
    /// post-occlusion bolus limit.
    public let capPicolitres: Int64
    public let started: ClockReading
    /// When its whole volume had been commanded (nil: still pushing); clear samples count from here.
    public internal(set) var pushedAt: MonotonicInstant?
}
