public import PumpControl
public import PumpCore
import Synchronization

/// Runs commands on the real-time loop's thread through its inbox. Once stopped, commands run
/// against a copy of the session the loop left (their changes go nowhere): a caller never waits
/// for a loop that is gone.
public final class RealtimeRunner: ControlLoopRunner {
    public let loop: RealtimeLoop
    /// The session as the stopped loop left it; nil while the loop runs.
    private let final = Mutex<TherapySession?>(nil)

    public init(loop: RealtimeLoop) { self.loop = loop }

    public func perform<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result {
        await withCheckedContinuation { continuation in
            final.withLock { final in
                if var session = final {
                    continuation.resume(returning: body(&session, session.clock))
                } else {
                    // Enqueued under the lock: `stop` cannot finish before the loop has run it.
                    loop.enqueue(body) { continuation.resume(returning: $0) }
                }
            }
        }
    }

    public func performChange<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result? {
        await withCheckedContinuation { continuation in
            final.withLock { final in
                if final != nil {
                    continuation.resume(returning: nil)
                } else {
                    loop.enqueue(body) { continuation.resume(returning: $0) }
                }
            }
        }
    }

    public func performOnCycle<Result: Sendable>(_ body: @escaping @Sendable (ControlCycle, ClockReading) -> Result) async -> Result? {
        await withCheckedContinuation { continuation in
            final.withLock { final in
                if final != nil {
                    continuation.resume(returning: nil)
                } else {
                    loop.enqueue(cycle: body) { continuation.resume(returning: $0) }
                }
            }
        }
    }

    public var snapshot: CycleSnapshot { loop.snapshot }
    public var sessions: SessionPublisher { loop.sessions }
    public var latenessSummary: LatenessSummary { loop.latenessSummary }
    public var heartbeat: Int64 { loop.heartbeat }
    public func observePublications(_ observer: PublicationObserver) { loop.observePublications(observer) }

    public func stop() -> TherapySession {
        final.withLock { final in
            if let final { return final }
            let session = loop.stop()
            final = session
            return session
        }
    }
}
