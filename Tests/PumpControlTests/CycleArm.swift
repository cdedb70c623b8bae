@testable import PumpControl
import PumpCore
import PumpHardware
import PumpTestKit

/// One bench woken as the real-time loop wakes it: at the deadline the last wake returned, its
/// events taken after every wake. For tests that run a scenario twice, one of the cycle's
/// shortcuts on and off, and compare both arms wake by wake.
final class CycleArm {
    let bench: SimulatedBench
    private(set) var deadline: MonotonicInstant
    private(set) var lastEvents: [TherapyEvent] = []
    private(set) var eventCount = 0

    init(
        keepsPlan: Bool = true, quiet: Bool = false, rig: RigConfiguration = SimulatedBench.rigConfiguration,
        prescription: Prescription = PlanKeptAcrossTicksTests.prescription
    ) throws {
        // Pressure every 100 ms and switches every 250 ms, as on sim.toml: most wakes are polls.
        var settings = SimulatedBench.settings
        settings.pressurePoll = .milliseconds(100)
        settings.switchPoll = .milliseconds(250)
        bench = try SimulatedBench(settings: settings, rigConfiguration: rig)
        bench.cycle.keepsPlanAcrossTicks = keepsPlan
        bench.cycle.takesQuietWakes = quiet
        bench.program(prescription)
        deadline = bench.cycle.wake(at: bench.clock.now())
        _ = bench.cycle.takeEvents()
    }

    func wake() {
        bench.clock.advance(to: deadline)
        deadline = bench.cycle.wake(at: bench.clock.now())
        lastEvents = bench.cycle.takeEvents()
        eventCount += lastEvents.count
    }

    /// Runs `body` on the session now, then wakes at this instant (as a command does).
    func act(_ body: (inout TherapySession, ClockReading) -> Void) {
        bench.cycle.perform(at: bench.clock.now(), body)
        deadline = bench.cycle.wake(at: bench.clock.now())
        lastEvents = bench.cycle.takeEvents()
        eventCount += lastEvents.count
    }
}
