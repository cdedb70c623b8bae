@testable import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// A sensor-poll wake with nothing else due only reads and judges the sensors, leaving the session
/// where the last full wake brought it (issue 13, round 4). The same scenarios run with quiet
/// wakes off (`takesQuietWakes`) give, wake by wake, the same deadlines, events, steps, motor and
/// alarm outputs, and at every full wake the same session (checkpoint, clock, hours, next step),
/// loop snapshot and rig.
@Suite struct QuietWakeTests {
    /// Both arms, woken and acted on together and compared after every wake.
    final class Pair {
        let quiet: CycleArm, full: CycleArm
        private(set) var wakes = 0
        private(set) var fullWakes = 0
        private(set) var fullWakesCompared = 0

        init(
            quietSpan: TimeSpan, rig: RigConfiguration = SimulatedBench.rigConfiguration,
            prescription: Prescription = PlanKeptAcrossTicksTests.prescription
        ) throws {
            quiet = try CycleArm(quiet: true, rig: rig, prescription: prescription)
            quiet.bench.cycle.quietSpan = quietSpan
            full = try CycleArm(quiet: false, rig: rig, prescription: prescription)
        }

        /// Wakes both for `span`; false once they parted (the rest would only repeat it).
        func run(for span: TimeSpan, _ label: String) -> Bool {
            let end = quiet.bench.clock.now().monotonic + span
            while quiet.deadline <= end {
                quiet.wake()
                full.wake()
                wakes += 1
                expectSame("\(label), wake \(wakes)")
                if quiet.deadline != full.deadline { return false }
            }
            return true
        }

        func act(_ label: String, _ body: (inout TherapySession, ClockReading) -> Void) {
            quiet.act(body)
            full.act(body)
            expectSame(label)
        }

        func faults(_ body: (SimulatedFaults) -> Void) {
            body(quiet.bench.rig.faults)
            body(full.bench.rig.faults)
        }

        func stepWallClock(by step: TimeSpan) {
            quiet.bench.clock.stepWallClock(by: step)
            full.bench.clock.stepWallClock(by: step)
        }

        /// Everything either arm shows after a wake; the session and the rig after every full
        /// wake of the quiet arm (a quiet one leaves its session at the last full wake's instant,
        /// never more than `ControlCycle.quietSpan` ago).
        func expectSame(_ label: String) {
            let q = quiet.bench, f = full.bench
            #expect(quiet.deadline == full.deadline, "deadline \(label)")
            #expect(quiet.lastEvents == full.lastEvents, "events \(label)")
            #expect(q.cycle.stepsMoved == f.cycle.stepsMoved, "steps \(label)")
            #expect(q.cycle.motorEnabled == f.cycle.motorEnabled, "motor \(label)")
            #expect(q.cycle.annunciation.driven == f.cycle.annunciation.driven, "outputs \(label)")
            #expect(!f.cycle.lastWakeWasQuiet, "a quiet wake with quiet wakes off, \(label)")
            #expect(q.now - q.session.clock.monotonic < q.cycle.quietSpan, "session left behind \(label)")
            // The real-time loop takes no events after a quiet wake: there must be none to take.
            if q.cycle.lastWakeWasQuiet { #expect(quiet.lastEvents.isEmpty, "events after a quiet wake, \(label)") }
            guard !q.cycle.lastWakeWasQuiet else { return }
            fullWakes += 1
            // The checkpoint is the costly part: every 16th full wake, and at every event.
            guard fullWakes % 16 == 0 || !quiet.lastEvents.isEmpty || label.hasPrefix("end") else { return }
            fullWakesCompared += 1
            #expect(q.session.clock == f.session.clock, "clock \(label)")
            #expect(q.session.checkpoint() == f.session.checkpoint(), "session \(label)")
            #expect(q.session.hourClosing == f.session.hourClosing, "hours \(label)")
            #expect(q.session.nextStep() == f.session.nextStep(), "next step \(label)")
            #expect(q.truth == f.truth, "rig \(label)")
            #expect(q.cycle.snapshot().description == f.cycle.snapshot().description, "snapshot \(label)")
        }
    }

    /// The real-time loop's span (a second) and the virtual-clock driver's (an hour).
    static let spans: [TimeSpan] = [.seconds(1), .hours(1)]

    @Test(arguments: spans) func quietSensorPollWakesChangeNoWakeEventStepOrSession(quietSpan: TimeSpan) throws {
        let pair = try Pair(quietSpan: quietSpan)
        guard pair.run(for: .hours(3), "running across flex steps and periodic boluses") else { return }
        pair.act("single bolus") { session, now in try? session.requestBolus(.single(dose: .micrograms(20), duration: .minutes(20)), at: now) }
        guard pair.run(for: .hours(1), "bolus") else { return }
        // Forward to just before the 07:00 flex step, then back across it: the due instant moves.
        for (label, step) in [("wall clock +2 h 58 min", TimeSpan.minutes(178)), ("wall clock −45 min", .minutes(-45)), ("wall clock +300 ms", .milliseconds(300))] {
            pair.stepWallClock(by: step)
            guard pair.run(for: .minutes(40), label) else { return }
        }
        pair.faults { $0.setOcclusion() }
        guard pair.run(for: .minutes(3), "occluded: alarm outputs sounding") else { return }
        pair.act("acknowledge") { session, now in try? session.acknowledgeAlarm(.occlusion, at: now) }
        pair.faults { $0.clearOcclusion() }
        guard pair.run(for: .minutes(10), "occlusion cleared") else { return }
        pair.act("resume after the occlusion") { session, now in try? session.resume(at: now) }
        guard pair.run(for: .minutes(30), "after the occlusion") else { return }
        pair.faults { $0.setBatterySag(millivolts: 700) }
        guard pair.run(for: .minutes(10), "battery sagging") else { return }
        pair.faults { $0.clearBatterySag() }
        guard pair.run(for: .minutes(10), "battery recovered") else { return }
        pair.faults { $0.setSensorReadFailure(.pressure) }
        guard pair.run(for: .seconds(5), "pressure sensor failing") else { return }
        pair.faults { $0.clearSensorReadFailure(.pressure) }
        guard pair.run(for: .minutes(5), "pressure sensor back") else { return }
        pair.act("stop") { session, now in session.stop(at: now) }
        guard pair.run(for: .minutes(70), "stopped past the left-stopped reminder") else { return }
        pair.act("resume") { session, now in try? session.resume(at: now) }
        guard pair.run(for: .hours(2), "resumed") else { return }
        pair.quiet.bench.cycle.quietUntil = ControlCycle.fullWakeNeeded
        pair.quiet.wake()
        pair.full.wake()
        pair.expectSame("end")
        // The scenario did what it is for: steps, events, alarms; and most wakes were quiet (none
        // while an alarm stands).
        #expect(pair.quiet.bench.cycle.stepsMoved > 100)
        #expect(pair.quiet.eventCount > 10)
        #expect(pair.quiet.bench.cycle.quietWakeCount * 2 > Int64(pair.wakes))
        #expect(pair.full.bench.cycle.quietWakeCount == 0)
        #expect(pair.fullWakes * 20 > pair.wakes)
        #expect(pair.fullWakesCompared > 100)
    }

    @Test(arguments: spans) func quietSensorPollWakesChangeNothingAsTheReservoirRunsLowAndEmpty(quietSpan: TimeSpan) throws {
        // 20 mL filled: low after 20 µL, empty after 50 µL (a few hours at these rates).
        var rig = SimulatedBench.rigConfiguration
        rig.emptyThreshold = .microlitres(19_950)
        var prescription = PlanKeptAcrossTicksTests.prescription
        prescription.lowReservoirAlarm = .microlitres(19_980)
        let pair = try Pair(quietSpan: quietSpan, rig: rig, prescription: prescription)
        guard pair.run(for: .hours(8), "running until the reservoir is empty") else { return }
        #expect(pair.quiet.bench.session.alarms.active[.reservoirLow] != nil)
        #expect(pair.quiet.bench.session.alarms.active[.reservoirEmpty] != nil)
        // Quiet only until the low-reservoir alarm (a sixth of the wakes): with an alarm standing
        // every wake is full.
        #expect(pair.quiet.bench.cycle.quietWakeCount * 10 > Int64(pair.wakes))
    }
}
