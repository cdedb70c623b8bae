@testable import PumpControl
@testable import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// The control loop driving the simulated buzzer and lamps gives the same wakes and edges whether
/// the annunciator keeps its last observation of an unchanged book (issue 13) or walks the book at
/// every wake: alarms raised (high, medium, low), acknowledged, acknowledged again after the sound
/// came back, silenced, re-escalated by a new alarm, tested and cleared, woken at every deadline
/// the loop asks for.
@Suite struct ObservationKeptAcrossWakesCycleTests {
    final class Arm {
        let bench: SimulatedBench
        private(set) var deadline: MonotonicInstant

        init(keepsObservations: Bool) throws {
            var settings = SimulatedBench.settings
            settings.annunciation = AnnunciationSettings(
                reAlertHigh: .seconds(10), reAlertMedium: .seconds(30), maxSilence: .seconds(40), acknowledgePause: .seconds(25))
            bench = try SimulatedBench(settings: settings)
            bench.cycle.annunciation.annunciator.keepsObservations = keepsObservations
            deadline = bench.cycle.wake(at: bench.clock.now())
        }

        func wake() {
            bench.clock.advance(to: deadline)
            deadline = bench.cycle.wake(at: bench.clock.now())
        }

        /// Runs `body` on the session now, then wakes at this instant (as a command does).
        func act(_ body: (inout TherapySession, ClockReading) -> Void) {
            bench.cycle.perform(at: bench.clock.now(), body)
            deadline = bench.cycle.wake(at: bench.clock.now())
        }

        func onCycle(_ body: (ControlCycle, ClockReading) -> Void) {
            body(bench.cycle, bench.clock.now())
            deadline = bench.cycle.wake(at: bench.clock.now())
        }

        /// Wakes at every deadline until `span` from now has passed.
        func run(for span: TimeSpan) {
            let end = bench.clock.now().monotonic + span
            while deadline <= end { wake() }
            bench.clock.advance(to: end)
            deadline = bench.cycle.wake(at: bench.clock.now())
        }
    }

    static func expectSame(_ kept: Arm, _ walked: Arm, _ label: String) {
        #expect(kept.deadline == walked.deadline, "deadline \(label)")
        #expect(kept.bench.cycle.annunciation.driven == walked.bench.cycle.annunciation.driven, "outputs \(label)")
        #expect(kept.bench.cycle.annunciation.deadline == walked.bench.cycle.annunciation.deadline, "edge \(label)")
    }

    @Test func keepingTheLastObservationChangesNoWakeOrAlarmOutputEdge() throws {
        let kept = try Arm(keepsObservations: true), walked = try Arm(keepsObservations: false)
        var wakes = 0
        func both(_ label: String, _ body: (Arm) -> Void) {
            body(kept)
            body(walked)
            Self.expectSame(kept, walked, label)
        }
        func run(_ span: TimeSpan, _ label: String) {
            let end = kept.bench.clock.now().monotonic + span
            while kept.deadline <= end || walked.deadline <= end {
                #expect(kept.deadline == walked.deadline, "deadline \(label) wake \(wakes)")
                guard kept.deadline == walked.deadline else { return }
                kept.wake()
                walked.wake()
                wakes += 1
                Self.expectSame(kept, walked, "\(label) wake \(wakes)")
            }
            both(label + " end") { $0.run(for: end - $0.bench.clock.now().monotonic) }
        }
        both("raise high") { $0.act { s, r in s.raiseLastingAlarm(.occlusion, evidence: "test", at: r) } }
        run(.seconds(35), "high sounding")
        both("acknowledge") { $0.act { s, r in try! s.acknowledgeAlarm(.occlusion, at: r) } }
        run(.seconds(40), "pause over, sounding again")
        both("acknowledge again") { $0.act { s, r in try! s.acknowledgeAlarm(.occlusion, at: r) } }
        run(.seconds(7), "paused again")
        both("raise medium") { $0.act { s, r in s.raiseLastingAlarm(.reservoirLow, evidence: "test", at: r) } }
        run(.seconds(3), "medium sounding")
        both("silence") { $0.onCycle { c, r in _ = try! c.silenceAlarms(for: .seconds(20), at: r) } }
        run(.seconds(25), "silence ended")
        both("silence again") { $0.onCycle { c, r in _ = try! c.silenceAlarms(for: .seconds(30), at: r) } }
        run(.seconds(4), "silenced")
        both("re-escalate") { $0.act { s, r in s.raiseLastingAlarm(.motorStall, evidence: "test", at: r) } }
        run(.seconds(12), "stall sounding")
        both("alarm test") { $0.onCycle { c, r in _ = try! c.startAlarmTest(at: r) } }
        run(.seconds(9), "test run")
        both("clear") { $0.act { s, r in s.clearAlarmCause(.reservoirLow, at: r) } }
        both("raise low") { $0.act { s, r in s.raiseLastingAlarm(.sensorDegraded, evidence: "test", at: r) } }
        run(.seconds(60), "low, stall and occlusion standing")
        #expect(kept.bench.rig.alarmOutputs.record.edges == walked.bench.rig.alarmOutputs.record.edges)
        #expect(kept.bench.rig.alarmOutputs.record.edges.count > 200)
        #expect(wakes > 300)
    }
}
