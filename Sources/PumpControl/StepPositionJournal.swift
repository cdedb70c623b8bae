public import PumpCore

/// Where the control loop notes every step it commands, before the motor makes it: the pump
/// position (pL) the step takes it to and when. Called on the loop thread at each step, so an
/// implementation must neither block nor allocate. After the process dies, the newest note says
/// exactly how far the pump was commanded past the last checkpoint.
public protocol StepPositionJournal: AnyObject, Sendable {
    func commanded(position: Int64, at instant: MonotonicInstant)
}
