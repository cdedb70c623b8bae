import PumpCore
import Testing

/// Priming ends when the steps that push its volume have been commanded, not when its time is up.
@Suite struct PrimingCompletionTests {
    typealias F = SessionFixtures

    /// Found by the real-kernel lane: with delivery stopped, the last priming step fell due just as
    /// priming's time ran out, was refused ("delivery is stopped") and was made at the next resume.
    @Test func primingWhileStoppedMakesEveryStepOfItsVolume() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.hours(1)))
        try session.stop(at: F.at(.hours(1)))
        let before = session.planner.commandedPosition
        try session.prime(volume: .microlitres(5), newPath: true, at: F.at(.hours(1)))
        // 5 µL in 250 nL steps: 20 steps, all made during priming.
        let steps = session.runSteps(until: F.at(.hours(2)))
        #expect(steps == 20)
        #expect(session.planner.commandedPosition - before == 5_000_000)
        #expect(session.mode == .stopped(.clinician))
        #expect(session.eventKinds().contains { if case .primingCompleted = $0 { true } else { false } })
    }

    /// Found by the real-kernel lane: a priming step dropped for a late wake (no catch-up) left
    /// drug-free fluid ahead of the tip although priming said it was complete; therapy then could
    /// not start. Priming makes up what it dropped before it completes.
    @Test func aPrimingStepDroppedForALateWakeIsMadeUpBeforePrimingCompletes() throws {
        var session = F.session(pathPrimed: false)
        try session.commit(F.prescription(), at: F.origin)
        #expect(session.mode == .stopped(.idle))  // nothing at the tip to deliver yet
        try session.prime(newPath: true, at: F.origin)
        // 200 µL at 1 mL/h: a step every 0.9 s. The loop sleeps through 10 s (about 11 steps' time):
        // all but one owed step are dropped.
        session.tick(at: F.at(.seconds(10)))
        // The loop then wakes for every step and at least once a second (its sensor polls).
        for second in Int64(11)...1_800 { session.runSteps(until: F.at(.seconds(second))) }
        #expect(session.ledger.drugFreePicolitres == 200_000_000, "the whole dead volume is primed")
        #expect(session.mode == .running, "therapy starts after a complete priming")
        let completions = session.eventKinds().filter { if case .primingCompleted = $0 { true } else { false } }
        #expect(completions.map(\.description) == ["priming completed: 200 µL"], "one completion, for the whole volume")
    }
}
