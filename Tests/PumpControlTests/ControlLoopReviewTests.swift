import CPumpSys
import Foundation
import Glibc
import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Synchronization
import Testing

/// A motor that records what it was told; failures can be injected.
final class FakeMotor: MotorDriver, @unchecked Sendable {
    let name = "fake"
    var enabledLevel = false          // ENABLE physically active
    var forwardSteps = 0
    var reverseSteps = 0
    var stepFailures = 0              // next N step() calls throw .gpio
    var disableFails = false
    var stepsWhileStopped = 0
    var sessionMode: (() -> DeliveryMode)?
    var reverseWhileNotRunning = 0
    func disable() throws(HardwareError) {
        if disableFails { throw .gpio(operation: "set inactive", line: "ENABLE", errno: 5) }
        enabledLevel = false
    }
    func enable() throws(HardwareError) { enabledLevel = true }
    var enableEffect = MotorEnableEffect.drivesLine(setupNanoseconds: 0)
    func awaitEnableSetup() {}
    func step() throws(HardwareError) {
        if stepFailures > 0 { stepFailures -= 1; throw .gpio(operation: "set active", line: "STEP", errno: 5) }
        forwardSteps += 1
    }
    func reverseStep() throws(HardwareError) {
        reverseSteps += 1
        if let m = sessionMode?(), m != .running { reverseWhileNotRunning += 1 }
    }
}

final class FakeSwitch: BinaryInput, @unchecked Sendable {
    let source: String
    var asserted = false
    var fails = false
    var eventDescriptor: Int32?
    let reads = Atomic<Int>(0)
    init(_ source: String, eventDescriptor: Int32? = nil) { self.source = source; self.eventDescriptor = eventDescriptor }
    func isAsserted() throws(HardwareError) -> Bool {
        reads.add(1, ordering: .relaxed)
        if fails { throw .gpio(operation: "read value", line: source, errno: 5) }
        return asserted
    }
    func consumeEdges() throws(HardwareError) -> Bool { try isAsserted() }
}

/// Regressions from the safety review of the control loop: motor faults that could never clear,
/// relief that moved a stopped pump, a failing edge input that spun the loop, a failed disable
/// whose alarm cleared for the wrong reason.
@Suite(.serialized) struct ControlLoopReviewTests {
    /// A programmed bench whose cycle sees `io` instead of the simulated rig's hardware.
    static func bench(settings: ControlSettings = ControlSettings(), _ io: RigIO) throws -> SimulatedBench {
        try SimulatedBench(settings: settings) { _ in io }
    }

    /// A programmed bench on a motor whose next step fails, three minutes on (two steps due).
    static func afterOneFailedStep() throws -> (FakeMotor, VirtualLoopDriver) {
        let motor = FakeMotor()
        let bench = try Self.bench(RigIO(motor: motor))
        bench.program()
        motor.stepFailures = 1
        bench.driver.advance(by: .minutes(3))
        return (motor, bench.driver)
    }

    /// A transient GPIO error on one step, on a rig without a FAULT input (every GPIO stepper rig),
    /// must not leave an alarm that nothing can clear.
    @Test func aTransientMotorErrorStopsDeliveryUntilAcknowledgedThenAResumeWorks() throws {
        let (_, driver) = try Self.afterOneFailedStep()
        #expect(driver.cycle.session.mode == .stopped(.alarm))
        driver.apply { s, now in try? s.acknowledgeAlarm(.driverFault, at: now) }
        driver.advance(by: .hours(1))
        let resumeError = Mutex<String>("none")
        driver.apply { s, now in do { try s.resume(at: now) } catch { resumeError.withLock { $0 = "\(error)" } } }
        #expect(driver.cycle.session.mode == .running, "pump can never run again after one transient GPIO error")
    }

    /// A granted step whose motor call fails stays accounted (the safe side for the reservoir: it
    /// may have moved) and delivery stops with an alarm.
    @Test func aGrantedStepThatTheMotorFailsStaysAccountedAndStopsDelivery() throws {
        let (motor, driver) = try Self.afterOneFailedStep()
        #expect(driver.cycle.session.planner.commandedPosition == Int64(motor.forwardSteps + 1) * 250_000)
        #expect(driver.cycle.session.mode == .stopped(.alarm))
        #expect(!motor.enabledLevel)
    }

    @Test func pressureReliefNeverMovesAPumpAClinicianStopped() throws {
        let motor = FakeMotor()
        let sw = FakeSwitch("occlusion switch")
        var settings = ControlSettings(switchPoll: .milliseconds(100))
        settings.reliefSteps = 4
        let bench = try Self.bench(settings: settings, RigIO(motor: motor, occlusionSwitch: sw))
        let (cycle, driver) = (bench.cycle, bench.driver)
        motor.sessionMode = { cycle.session.mode }
        bench.program()
        driver.advance(by: .minutes(5))
        driver.apply { s, now in s.stop(at: now) }
        #expect(cycle.session.mode == .stopped(.clinician))
        sw.asserted = true
        driver.advance(by: .seconds(1))
        #expect(motor.reverseSteps == 0, "motor moved while delivery was stopped")
    }

    @Test func anOcclusionOnANeverStartedPumpMovesNothingEvenWhenDisableFails() throws {
        let motor = FakeMotor()
        let sw = FakeSwitch("occlusion switch")
        var settings = ControlSettings(switchPoll: .milliseconds(100))
        settings.reliefSteps = 2
        let bench = try Self.bench(settings: settings, RigIO(motor: motor, occlusionSwitch: sw))
        let (cycle, driver) = (bench.cycle, bench.driver)
        // never programmed: mode .stopped(.idle), motorEnabled false
        motor.disableFails = true
        sw.asserted = true
        driver.advance(by: .seconds(1))
        let evidences = cycle.session.alarms.activeAlarms.map { "\($0.kind.rawValue): \($0.evidence)" }
        #expect(!motor.enabledLevel || evidences.contains { $0.contains("could not disable") })
    }

    /// A permanently readable descriptor whose reads fail must not make the loop wake back to back.
    @Test func aFailingEdgeInputDoesNotSpinTheLoop() throws {
        let fd = pump_eventfd()
        _ = pump_eventfd_signal(fd)  // stays readable: nobody drains it (like EPOLLERR on a vanished chip)
        let sw = FakeSwitch("occlusion switch", eventDescriptor: fd)
        sw.fails = true
        let clock = SystemClock()
        let cycle = ControlCycle(
            session: SimulatedBench.session(at: clock.now()), rig: RigIO(motor: FakeMotor(), occlusionSwitch: sw),
            settings: ControlSettings(switchPoll: .seconds(1)))
        let loop = RealtimeLoop(cycle: cycle, clock: clock, options: .init())
        try loop.start()
        Thread.sleep(forTimeInterval: 0.5)
        let reads = sw.reads.load(ordering: .relaxed)
        loop.stop()
        #expect(reads < 10)  // one poll per second, not one wake per readable descriptor
    }

    /// A real-time loop on `motor` alone, its session new at `clock`'s present.
    static func realtimeLoop(on motor: FakeMotor, clock: SystemClock) -> RealtimeLoop {
        RealtimeLoop(
            cycle: ControlCycle(session: SimulatedBench.session(at: clock.now()), rig: RigIO(motor: motor), settings: ControlSettings()),
            clock: clock, options: .init())
    }

    /// The start waits for the loop's verdict, not a poll: a motor that cannot be driven safe
    /// fails the start with its error (the thread ended before its first wake), and one that can
    /// lets it return with the loop running. The same for a start in two halves (`begin`, then
    /// `awaitStart`: pumpd builds its service between them, never touching the loop).
    @Test(arguments: [false, true])
    func aLoopWhoseMotorCannotBeDisabledFailsItsStartAndAnotherStartsRunning(inTwoHalves: Bool) throws {
        let start = { (loop: RealtimeLoop) throws(HardwareError) in
            if inTwoHalves {
                try loop.begin()
                try loop.awaitStart()
            } else {
                try loop.start()
            }
        }
        let clock = SystemClock()
        let failing = FakeMotor()
        failing.disableFails = true
        let refused = Self.realtimeLoop(on: failing, clock: clock)
        #expect(throws: HardwareError.self) { try start(refused) }
        #expect(refused.heartbeat == 0)
        let motor = FakeMotor()
        motor.enabledLevel = true
        let loop = Self.realtimeLoop(on: motor, clock: clock)
        try start(loop)
        #expect(!motor.enabledLevel)  // disabled before the start returned
        #expect(RealtimeLoopTests.eventually(within: 10) { loop.heartbeat > 0 })
        loop.stop()
    }

    /// While ENABLE cannot be driven safe, the alarm comes back after every acknowledgement and
    /// delivery cannot resume; once a disable succeeds, it can.
    @Test func aMotorThatCannotBeDisabledKeepsDeliveryBlockedUntilADisableSucceeds() throws {
        let motor = FakeMotor()
        let fault = FakeSwitch("driver FAULT")
        let bench = try Self.bench(settings: ControlSettings(switchPoll: .milliseconds(100)), RigIO(motor: motor, driverFault: fault))
        let (cycle, driver) = (bench.cycle, bench.driver)
        bench.program()
        driver.advance(by: .minutes(2))
        motor.disableFails = true
        driver.apply { s, now in s.stop(at: now) }
        #expect(cycle.session.alarms.active[.driverFault]?.evidence.contains("could not disable") == true)
        driver.apply { s, now in try? s.acknowledgeAlarm(.driverFault, at: now) }
        driver.advance(by: .seconds(1))
        #expect(cycle.session.alarms.blocksDelivery)  // raised again by the next failed disable
        driver.apply { s, now in try? s.resume(at: now) }
        #expect(cycle.session.mode == .stopped(.alarm))
        motor.disableFails = false
        driver.advance(by: .seconds(1))
        #expect(!motor.enabledLevel)
        driver.apply { s, now in try? s.acknowledgeAlarm(.driverFault, at: now) }
        driver.apply { s, now in try? s.resume(at: now) }
        #expect(cycle.session.mode == .running)
    }
}
