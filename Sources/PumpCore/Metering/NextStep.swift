/// The planner's answer to "when must the control loop wake next?".
public enum NextStep: Hashable, Sendable {
    /// A step is due at this instant (possibly already past: step now).
    case due(MonotonicInstant)
    /// No step is due before this instant, but the plan beyond it was not examined (a long stretch
    /// of zero flow): wake then and ask again.
    case replanAt(MonotonicInstant)
    /// Nothing flows and nothing is scheduled to: no step will come without a new command.
    case never
}
