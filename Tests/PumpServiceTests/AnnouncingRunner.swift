import PumpControl
import PumpCore
import Synchronization

@testable import PumpService

/// A loop stand-in that publishes only when a test says so: the snapshot it is given, handed to
/// the observer as the real loop does, and a count of how often anyone read the snapshot.
final class AnnouncingRunner: ControlLoopRunner, @unchecked Sendable {
    let session: Mutex<TherapySession>
    private let published = Mutex(CycleSnapshot())
    private let observer = Mutex<(@Sendable (CycleSnapshot) -> Void)?>(nil)
    let snapshotReads = Atomic<Int>(0)

    /// The session after the last `perform`, as status reads it.
    let sessions: SessionPublisher

    init(session: TherapySession) {
        self.session = Mutex(session)
        sessions = SessionPublisher(SessionSnapshot(session: session, stepsMoved: 0, annunciation: nil))
    }

    func perform<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result {
        session.withLock { session in
            let result = body(&session, session.clock)
            sessions.publish(SessionSnapshot(session: session, stepsMoved: 0, annunciation: nil))
            return result
        }
    }

    func performChange<Result: Sendable>(_ body: @escaping @Sendable (inout TherapySession, ClockReading) -> Result) async -> Result? {
        await perform(body)
    }

    func performOnCycle<Result: Sendable>(_ body: @escaping @Sendable (ControlCycle, ClockReading) -> Result) async -> Result? { nil }

    /// Publishes `snapshot` as the loop would after a wake.
    func announce(_ snapshot: CycleSnapshot) {
        published.withLock { $0 = snapshot }
        observer.withLock { $0 }?(snapshot)
    }

    var isObserved: Bool { observer.withLock { $0 != nil } }
    var snapshot: CycleSnapshot {
        snapshotReads.add(1, ordering: .relaxed)
        return published.withLock { $0 }
    }
    var latenessSummary: LatenessSummary { LatenessSummary(wakes: 0, p50: 0, p99: 0, max: 0) }
    var heartbeat: Int64 { 0 }
    func observePublications(_ observer: PublicationObserver) { self.observer.withLock { $0 = observer.call } }
    func stop() -> TherapySession { session.withLock { $0 } }
}
