@testable import PumpControl
import PumpCore
import PumpHardware
import Testing

/// The real-time loop takes no events after a quiet wake (there are none); what `takeEvents`
/// also did, leaving the next wake a full one, it still does (review, round 5): a wake that
/// comes before the next poll (the heartbeat, an interrupted wait) never takes the outputs-only
/// path, which would skip the wall-clock check and see a step one poll late.
@Suite struct QuietWakeHandOverTests {
    @Test func aWakeBeforeTheNextPollAfterAQuietWakeSeesAWallClockStepAtOnce() throws {
        let arm = try CycleArm(quiet: true)
        let cycle = arm.bench.cycle, clock = arm.bench.clock
        var deadline = arm.deadline
        // As the real-time loop wakes: until a quiet one.
        for _ in 0..<100 {
            clock.advance(to: deadline)
            let now = clock.now()
            deadline = cycle.wake(at: now, mayBeQuiet: cycle.mayWakeQuietly(at: now))
            if cycle.lastWakeWasQuiet { break }
            _ = cycle.takeEvents()
        }
        try #require(cycle.lastWakeWasQuiet)
        cycle.quietWakeHandedOver()
        // Half way to the next poll, the wall clock stepped by an hour.
        let early = MonotonicInstant(nanoseconds: clock.now().monotonic.nanoseconds + (deadline - clock.now().monotonic).nanoseconds / 2)
        clock.advance(to: early)
        clock.stepWallClock(by: .hours(1))
        let outputsOnly = cycle.outputsOnlyWakeCount
        let now = clock.now()
        let mayBeQuiet = cycle.mayWakeQuietly(at: now)
        #expect(!mayBeQuiet, "a stepped wall clock is never a quiet wake's")
        _ = cycle.wake(at: now, mayBeQuiet: mayBeQuiet)
        #expect(cycle.outputsOnlyWakeCount == outputsOnly, "the wake after a quiet one was taken for an outputs-only one")
        #expect(cycle.session.clock.wall == now.wall, "the session saw the stepped wall clock at this wake")
    }
}
