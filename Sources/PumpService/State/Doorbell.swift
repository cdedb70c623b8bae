import Dispatch
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
    }

    private let state = Mutex(State())
    /// One timer, re-armed by each sleep: a sleep a ring ended leaves nothing pending behind it
    /// (one `asyncAfter` per sleep piled up until their deadlines, up to an hour away). A fire
    /// left over from an earlier sleep at most ends the current one early, which the contract
    /// allows (sleepers re-read what they watch). Dispatch sources are thread-safe; it is only
    /// re-armed under `state`'s lock.
    private nonisolated(unsafe) let timer: any DispatchSourceTimer

    init() {
        let timer = DispatchSource.makeTimerSource(queue: DispatchQueue.global())
        self.timer = timer
        timer.setEventHandler { [weak self] in self?.deadlinePassed() }
        timer.schedule(deadline: .distantFuture)
        timer.activate()
    }

    deinit {
        timer.cancel()
    }

    private func deadlinePassed() {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
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
                    timer.schedule(deadline: .now() + .nanoseconds(Int(wait)))
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
