public import PumpCore

/// Where the control loop notes every step it commands, before the motor makes it: the pump
/// position (pL) the step takes it to and when; and, once the motor call for it has returned,
/// that it is no longer in doubt. Called on the loop thread at each step, so an implementation
/// must neither block nor allocate. After the process dies, the newest note says exactly how far
/// the pump was commanded past the last checkpoint, and whether the death came between the
/// command and the motor (that step then may or may not have been made).
public protocol StepPositionJournal: AnyObject, Sendable {
    /// The step to `position` is about to be driven: counted from now on.
    func commanded(position: Int64, at instant: MonotonicInstant)
    /// The motor call for the step to `position` returned (made, or failed and alarmed: either way
    /// the pump counts it as pushed, see `ControlCycle.motorFailed`).
    func made(position: Int64)
    /// Before the step's `commanded`: `hours` as the session holds them after that step's reading.
    /// An implementation notes each hour closed since it last looked, with the position before
    /// the step and the state it closed with (`JournaledHour`), so a restore can book the steps
    /// after a checkpoint hour by hour. Cheap when no hour closed (a count compared).
    func hoursClosed(_ hours: HourClosing)
}

extension StepPositionJournal {
    public func hoursClosed(_ hours: HourClosing) {}
}
