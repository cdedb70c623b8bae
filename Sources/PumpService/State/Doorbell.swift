import PumpThreads
import Synchronization

/// Lets one task sleep until a deadline or until something rings, whichever comes first, so a
/// task that acts both on time and on events wakes only when one is due, never to poll.
///
/// Contract: one task sleeps at a time. `ring` may be called from any thread, including the
/// real-time loop's: it never blocks beyond a short uncontended lock. A ring is never lost: one
/// that comes while nobody sleeps ends the next sleep at once, so a sleeper that re-reads what
/// it watches after each sleep sees every change that rang before it.
final class Doorbell: Sendable {
    private struct State {
        var rung = false
        var waiter: CheckedContinuation<Void, Never>?
        /// Numbers the sleeps: a deadline ends only the sleep it was armed for.
        var sleeps: UInt64 = 0
        /// The last sleep's deadline, withdrawn by the next sleep (one per sleep would pile up
        /// until their deadlines, up to an hour away). A ring leaves it (no other lock is taken on
        /// a ringing thread); when it passes, it ends nothing.
        var deadline: WorkerThreads.TimedWork?
    }

    private let state = Mutex(State())
    /// Whose timer ends a sleep at its deadline: pumpd's own threads, never a Dispatch source.
    private let timers: WorkerThreads

    init(timers: WorkerThreads = .shared) {
        self.timers = timers
    }

    deinit {
        if let deadline = state.withLock({ $0.deadline }) { timers.cancel(deadline) }
    }

    private func deadlinePassed(sleep: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard state.sleeps == sleep else { return nil }
            state.deadline = nil
            defer { state.waiter = nil }
            return state.waiter
        }
        waiter?.resume()
    }

    /// Whether a task is sleeping (for tests).
    var isSleeping: Bool { state.withLock { $0.waiter != nil } }

    func ring() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiter else {
                state.rung = true
                return nil
            }
            state.waiter = nil
            return waiter
        }
        waiter?.resume()
    }

    /// Sleeps until CLOCK_MONOTONIC `deadline` (nanoseconds, `StateKeeper.realNow`), a ring, or
    /// the calling task's cancellation.
    func sleep(until deadline: Int64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let wait = deadline - StateKeeper.realNow()
                // A second sleeper breaks the contract; the first is woken rather than left
                // suspended for ever.
                let (sleeps, displaced) = state.withLock { state -> (Bool, CheckedContinuation<Void, Never>?) in
                    if state.rung || wait <= 0 || Task.isCancelled {
                        state.rung = false
                        return (false, nil)
                    }
                    defer { state.waiter = continuation }
                    // Armed under the lock, so two sleeps' timers cannot be set out of order.
                    if let earlier = state.deadline { timers.cancel(earlier) }
                    state.sleeps += 1
                    let sleep = state.sleeps
                    state.deadline = timers.schedule(atMonotonic: deadline) { [weak self] in self?.deadlinePassed(sleep: sleep) }
                    return (true, state.waiter)
                }
                displaced?.resume()
                if !sleeps { continuation.resume() }
            }
        } onCancel: {
            ring()
        }
    }
}
