import Foundation
import PumpControl
import PumpTestKit
import Synchronization
import Testing

@testable import PumpCore

/// The published session (issue 13): readers see whole publications only, and a withdrawn one
/// leaves the loop's arrays its own, so the loop changes them in place (no allocation on its thread).
@Suite struct SessionPublisherTests {

    static func snapshot(_ session: TherapySession, steps: Int64 = 0) -> SessionSnapshot {
        SessionSnapshot(session: session, stepsMoved: steps, annunciation: nil)
    }

    static func storage(_ session: TherapySession) -> UInt {
        session.patientBolusStarts.withUnsafeBufferPointer { UInt(bitPattern: $0.baseAddress) }
    }

    @Test func aWithdrawnSessionLeavesTheLoopsArraysToChangeInPlace() {
        var session = SimulatedBench.session()
        session.patientBolusStarts.reserveCapacity(8)
        let publisher = SessionPublisher(Self.snapshot(session))
        let before = Self.storage(session)
        publisher.withdraw()
        #expect(publisher.read { _ in true } == nil, "withdrawn until the wake publishes again")
        session.patientBolusStarts.append(MonotonicInstant(nanoseconds: 1))
        #expect(Self.storage(session) == before, "changed in place: nothing copied")
        publisher.publish(Self.snapshot(session))
        #expect(publisher.read { $0.session.patientBolusStarts } == [MonotonicInstant(nanoseconds: 1)])
    }

    @Test func aPublishedSessionStillSharedMakesTheLoopCopy() {
        // The hazard the withdrawal removes (and the proof the check above can see a copy).
        var session = SimulatedBench.session()
        session.patientBolusStarts.reserveCapacity(8)
        let publisher = SessionPublisher(Self.snapshot(session))
        let before = Self.storage(session)
        session.patientBolusStarts.append(MonotonicInstant(nanoseconds: 1))
        #expect(Self.storage(session) != before)
        #expect(publisher.read { $0.session.patientBolusStarts.isEmpty } == true)
    }

    /// What reader threads saw.
    final class Tally: Sendable {
        let torn = Atomic(0), backwards = Atomic(0), seen = Atomic(0), finished = Atomic(0)
        let done = Atomic(false)
    }

    @Test func readersSeeOnlyWholePublicationsWhileTheLoopPublishes() {
        let session = SimulatedBench.session()
        let publisher = SessionPublisher(Self.snapshot(session))
        let tally = Tally()
        let publications: Int64 = 20_000
        for _ in 0..<2 {
            Thread {
                var last: UInt64 = 0
                repeat {
                    // Publication n carries n steps and is generation n + 1.
                    guard let (steps, generation) = publisher.read({ ($0.stepsMoved, $0.generation) }) else { continue }
                    tally.seen.add(1, ordering: .relaxed)
                    if UInt64(steps) + 1 != generation { tally.torn.add(1, ordering: .relaxed) }
                    if generation < last { tally.backwards.add(1, ordering: .relaxed) }
                    last = generation
                } while !tally.done.load(ordering: .acquiring)
                tally.finished.add(1, ordering: .releasing)
            }.start()
        }
        // Both readers are reading before the first publication, however starved the machine: else
        // a run where they start late sees no publication at all (a CI failure under load).
        while tally.seen.load(ordering: .relaxed) < 2 { usleep(100) }
        for n in 1...publications {
            publisher.withdraw()
            publisher.publish(Self.snapshot(session, steps: n))
        }
        tally.done.store(true, ordering: .releasing)
        while tally.finished.load(ordering: .acquiring) < 2 { usleep(100) }
        #expect(tally.torn.load(ordering: .relaxed) == 0 && tally.backwards.load(ordering: .relaxed) == 0)
        #expect(tally.seen.load(ordering: .relaxed) > 0)
        #expect(publisher.generation == UInt64(publications) + 1)
        #expect(publisher.read { $0.stepsMoved } == publications)
    }
}
