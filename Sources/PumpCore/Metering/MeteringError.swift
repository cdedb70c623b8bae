/// Why the planner refused a request. Nothing changed when one of these is thrown.
public enum MeteringError: Error, Hashable, Sendable, CustomStringConvertible {
    /// A step was reported before it was due: it would put delivery ahead of the programmed volume.
    case stepNotDue(commanded: Int64, target: Int64, step: StepVolume)
    /// An on-demand bolus or priming is already running.
    case taskAlreadyRunning

    public var description: String {
        switch self {
        case .stepNotDue(let commanded, let target, let step):
            "step not due: commanded \(commanded) pL + one step (\(step)) would exceed the target \(target) pL"
        case .taskAlreadyRunning:
            "a bolus or priming is already running"
        }
    }
}
