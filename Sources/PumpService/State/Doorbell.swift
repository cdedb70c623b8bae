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
        /// Numbers the sleeps, so a timer left over from a sleep a ring ended wakes nobody.
        var sleep: UInt64 = 0
    }

    private let state = Mutex(State())

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
                let (sleep, displaced) = state.withLock { state -> (UInt64?, CheckedContinuation<Void, Never>?) in
                    if state.rung || wait <= 0 || Task.isCancelled {
                        state.rung = false
                        return (nil, nil)
                    }
                    state.sleep &+= 1
                    defer { state.waiter = continuation }
                    return (state.sleep, state.waiter)
                }
                displaced?.resume()
                guard let sleep else { return continuation.resume() }
                DispatchQueue.global().asyncAfter(deadline: .now() + .nanoseconds(Int(wait))) { [self] in
                    let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
                        guard state.sleep == sleep, let waiter = state.waiter else { return nil }
                        state.waiter = nil
                        return waiter
                    }
                    waiter?.resume()
                }
            }
        } onCancel: {
            ring()
        }
    }
}
