/// Something the planner did on its own as time advanced, for the session to account and log.
public enum PlannerEvent: Hashable, Sendable {
    /// A bolus or priming task delivered its whole (programmed) `volume`; `moved` is what the motor
    /// moved for it (whole steps: the fraction of a step still owed comes after).
    case taskCompleted(VolumeTask.Kind, volume: Volume, moved: Volume, at: MonotonicInstant)
    /// A task was cut short (stop, alarm); `delivered` is what the motor moved for it.
    case taskInterrupted(VolumeTask.Kind, delivered: Volume, planned: Volume, at: MonotonicInstant)
    /// A periodic bolus episode began.
    case periodicBolusStarted(volume: Volume, at: MonotonicInstant)
    /// A periodic bolus was due but not given (priming in progress, or no drug at the tip).
    case periodicBolusSkipped(at: MonotonicInstant)
}
