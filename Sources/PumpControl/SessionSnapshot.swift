public import PumpCore

/// The therapy session and the loop state that goes with it, all from one instant of the loop:
/// what a status reply is built from. The loop publishes one after every full wake (at least every
/// second) and every command, so a reader takes the latest without waking the loop
/// (`SessionPublisher`).
public struct SessionSnapshot: Sendable {
    public var session: TherapySession
    public var stepsMoved: Int64
    /// The alarm outputs' state (issue 14); nil on a rig without any.
    public var annunciation: AnnunciationSnapshot?
    /// Which publication this is (`SessionPublisher.generation`); 0 before it is published.
    public var generation: UInt64 = 0

    public init(session: TherapySession, stepsMoved: Int64, annunciation: AnnunciationSnapshot?) {
        self.session = session
        self.stepsMoved = stepsMoved
        self.annunciation = annunciation
    }
}
