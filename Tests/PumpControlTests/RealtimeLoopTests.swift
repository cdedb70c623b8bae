import Foundation
import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Synchronization
import Testing

/// The real loop thread: commands arrive through the inbox, steps follow the clock, and stopping
/// leaves the motor disabled.
@Suite struct RealtimeLoopTests {
    static func loop(clock: any ClockSource, rig: SimulatedRig) -> RealtimeLoop {
        let cycle = ControlCycle(session: SimulatedBench.session(at: clock.now()), rig: RigIO(motor: rig.motor), settings: ControlSettings())
        return RealtimeLoop(cycle: cycle, clock: clock, options: .init())
    }

    /// Polls `condition` every 10 ms for at most `seconds`.
    static func eventually(within seconds: Double, _ condition: () -> Bool) -> Bool {
        let end = Date().addingTimeInterval(seconds)
        while Date() < end {
            if condition() { return true }
            Thread.sleep(forTimeInterval: 0.01)
        }
        return condition()
    }

    @Test func theLoopThreadRunsInboxCommandsStepsOnTimeAndLeavesTheMotorDisabledWhenStopped() throws {
        let clock = AcceleratedClock(scale: 1000)  // a step every 86.4 ms
        let rig = SimulatedRig(configuration: SimulatedRigConfiguration(initialCatheterFill: .microlitres(200)), clock: clock)
        let loop = Self.loop(clock: clock, rig: rig)
        try loop.start()
        #expect(!rig.truth().enabled)
        loop.inbox.enqueue { session, now in try? session.commit(SimulatedBench.prescription, at: now) }
        #expect(Self.eventually(within: 10) { loop.snapshot.stepsMoved >= 3 })
        loop.stop()
        let truth = rig.truth()
        #expect(!truth.enabled)
        #expect(truth.stepsWhileDisabled == 0)
        #expect(Int64(truth.encoderPulses) == loop.snapshot.stepsMoved)
        #expect(loop.snapshot.mode == .stopped(.shutdown))
        #expect(loop.latenessSummary.wakes > 0)
    }

    /// A started loop on the simulated motor and alarm outputs, with `kind` raised.
    static func annunciatingLoop(raising kind: AlarmKind) throws -> (RealtimeLoop, SimulatedRig) {
        let clock = AcceleratedClock(scale: 10)
        let rig = SimulatedRig(clock: clock)
        let cycle = ControlCycle(
            session: SimulatedBench.session(at: clock.now()), rig: RigIO(motor: rig.motor, alarmOutputs: rig.alarmOutputs), settings: ControlSettings())
        let loop = RealtimeLoop(cycle: cycle, clock: clock, options: .init())
        try loop.start()
        loop.inbox.enqueue { session, now in session.raiseAlarm(kind, evidence: "test", at: now) }
        return (loop, rig)
    }

    @Test func stoppingTheLoopWhileACriticalAlarmAnnunciatesLeavesTheBuzzerAndLampsOff() throws {
        let (loop, rig) = try Self.annunciatingLoop(raising: .occlusion)
        #expect(Self.eventually(within: 10) { rig.alarmOutputs.record.edges.contains { $0.output == .red && $0.on } })
        loop.stop()
        #expect(rig.alarmOutputs.record.driven == .off)
        #expect(!rig.alarmOutputs.record.sounding)
    }

    @Test func stoppingTheLoopWithALowAlarmsSteadyLampLitDrivesTheLampOff() throws {
        // A steady lamp is lit at any instant the loop stops (a flashing one is dark half the time),
        // so without the drive at shutdown this fails every run.
        let (loop, rig) = try Self.annunciatingLoop(raising: .sensorDegraded)
        #expect(Self.eventually(within: 10) { rig.alarmOutputs.record.driven.yellow })
        loop.stop()
        #expect(rig.alarmOutputs.record.driven == .off)
    }

    @Test func anIdleLoopStillBeatsItsHeartbeat() throws {
        let clock = SystemClock()
        let rig = SimulatedRig(clock: clock)
        let loop = Self.loop(clock: clock, rig: rig)  // no program, no sensors: nothing is ever due
        try loop.start()
        defer { loop.stop() }
        #expect(Self.eventually(within: 3) { loop.heartbeat > 0 })
        let first = loop.heartbeat
        #expect(Self.eventually(within: 3) { loop.heartbeat > first })
    }

    /// A started loop on the simulated motor alone with nothing due, and its cycle (for its wake count).
    static func startedIdleLoop() throws -> (RealtimeLoop, ControlCycle) {
        let clock = SystemClock()
        let rig = SimulatedRig(clock: clock)
        let cycle = ControlCycle(session: SimulatedBench.session(at: clock.now()), rig: RigIO(motor: rig.motor), settings: ControlSettings())
        let loop = RealtimeLoop(cycle: cycle, clock: clock, options: .init())
        try loop.start()
        return (loop, cycle)
    }

    @Test func anIdleLoopSleepsAgainAfterRunningInboxCommands() throws {
        // The inbox's eventfd is reset when epoll reports it readable: left readable, the loop
        // would wake again at once, and again, for as long as it ran.
        let (loop, cycle) = try Self.startedIdleLoop()
        let ran = CommandsRan()
        for _ in 0..<3 { loop.inbox.enqueue { (_: inout TherapySession, _: ClockReading) in ran.count.add(1, ordering: .relaxed) } }
        #expect(Self.eventually(within: 10) { ran.count.load(ordering: .relaxed) == 3 })
        Thread.sleep(forTimeInterval: 1)  // nothing is due: a heartbeat or two at most
        loop.stop()
        #expect(cycle.wakeCount < 20)  // a loop woken by a stale signal wakes thousands of times a second
    }

    @Test func anIdleLoopSleepsAgainAfterItsTimerFires() throws {
        // The timer is re-armed for every wait, which clears its expiry: a timer left readable
        // would wake the loop again at once, and again, for as long as it ran.
        let (loop, cycle) = try Self.startedIdleLoop()
        // Nothing is due: the heartbeat alone wakes it, once a second.
        #expect(Self.eventually(within: 10) { loop.latenessSummary.wakes >= 2 })
        loop.stop()
        #expect(cycle.wakeCount < 20)
    }
}

/// Counts commands run on the loop thread.
final class CommandsRan: Sendable {
    let count = Atomic<Int>(0)
}
