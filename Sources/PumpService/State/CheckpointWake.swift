import PumpControl
import PumpCore
import Synchronization

/// Decides, on the thread that publishes the loop's snapshots, which publications wake the
/// checkpoint task (`observer`: the ring itself is the observer's act, never done on the real-time
/// loop's thread, where resuming the task could start a thread on the loop's CPU): only those that can make a checkpoint due (`StateKeeper.checkpointDue`), so a
/// pump stepping 1000 times a second wakes it every `everySteps` steps, not at every step.
///
/// They are: the first publication; a step at or past the mark the task last set (`wake(atSteps:)`,
/// from `StateKeeper.stepsToWakeAt`: the first step not yet recorded, then the step that completes
/// `everySteps`), rung once per mark; every step while priming; a new wall-clock hour; priming
/// starting or ending. `published` never blocks beyond a short uncontended lock and wakes no
/// thread: it runs inside the real-time wake.
final class CheckpointWake: Sendable {
    private struct State {
        var wakeAtSteps: Int64 = 0
        var steps: Int64?
        var hour: Int64?
        var priming = false
    }

    /// What the checkpoint task sleeps on; also rung when storage fails (its probes start at once).
    let bell = Doorbell()
    private let state = Mutex(State())

    /// What a runner shows its publications to: looks at each (`published`), rings the bell for
    /// those that can make a checkpoint due.
    var observer: PublicationObserver {
        PublicationObserver(notices: { [self] in published($0) }, then: { [bell] in bell.ring() })
    }

    /// From the publishing thread: whether `snapshot` can make a checkpoint due (the bell must
    /// ring). Rings nothing itself.
    @discardableResult
    func published(_ snapshot: CycleSnapshot) -> Bool {
        let priming = if case .priming = snapshot.mode { true } else { false }
        let hour = snapshot.wall.map { HourClosing.hourStart(of: $0.unixNanoseconds) }
        let ring = state.withLock { state in
            defer { (state.steps, state.hour, state.priming) = (snapshot.stepsMoved, hour, priming) }
            var ring = state.steps == nil || hour != state.hour || priming != state.priming
            if priming && snapshot.stepsMoved != state.steps { ring = true }
            if snapshot.stepsMoved >= state.wakeAtSteps {
                ring = true
                state.wakeAtSteps = .max  // once per mark: the task sets the next
            }
            return ring
        }
        return ring
    }

    /// From the checkpoint task, after it has looked: the next step count to wake it at.
    func wake(atSteps steps: Int64) {
        state.withLock { $0.wakeAtSteps = steps }
    }
}
