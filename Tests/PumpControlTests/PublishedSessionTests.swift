import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Synchronization
import Testing

/// The session the loop publishes for status readers: a command's change is in it before the
/// command's caller resumes, so a status read right after a change never shows the state before it.
@Suite struct PublishedSessionTests {
    @Test func aCommandsChangeIsInThePublishedSessionBeforeItsCallerResumes() async throws {
        let clock = SystemClock()
        let rig = SimulatedRig(clock: clock)
        let loop = RealtimeLoopTests.loop(clock: clock, rig: rig)
        try loop.start()
        defer { loop.stop() }
        #expect(loop.sessions.latest!.session.alarms.activeAlarms.isEmpty)
        let seen = await withCheckedContinuation { continuation in
            loop.enqueue({ session, now in session.raiseAlarm(.occlusion, evidence: "test", at: now) }) { _ in
                continuation.resume(returning: loop.sessions.latest!.session.alarms.activeAlarms.map(\.kind))
            }
        }
        #expect(seen == [.occlusion])
    }

    @Test func thePublishedSessionBeforeTheLoopStartsIsTheCyclesOwn() {
        let clock = SystemClock()
        let session = SimulatedBench.session(at: clock.now())
        let cycle = ControlCycle(session: session, rig: RigIO(motor: SimulatedRig(clock: clock).motor), settings: ControlSettings())
        let loop = RealtimeLoop(cycle: cycle, clock: clock, options: .init())
        #expect(loop.sessions.latest!.session.clock == session.clock)
        #expect(loop.sessions.latest!.stepsMoved == 0)
    }
}
