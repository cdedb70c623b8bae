@testable import PumpControl
import PumpCore
import PumpHardware
import PumpSimulation
import PumpTestKit
import Testing

/// The cycle keeps its cached next step across a tick that leaves the plan as it was, and taking
/// no events leaves the session unchanged (issue 13, round 3). Both only skip asking again what
/// the session would answer the same: the same scenario run with both switched off
/// (`keepsPlanAcrossTicks`) gives, wake by wake, the same deadlines, events, sessions, motor,
/// alarm outputs and rig.
@Suite struct PlanKeptAcrossTicksTests {
    /// Three flex steps a day, a periodic bolus every 2 h over 30 min: segments end at schedule
    /// steps, bolus starts and completions, besides the steps themselves.
    static let prescription = Prescription(
        drug: SimulatedBench.drug,
        basal: .flex(FlexSchedule(everyDay: DailySchedule(steps: [
            FlexStep(start: TimeOfDay(hour: 0, minute: 0)!, rate: .microgramsPerDay(400)),
            FlexStep(start: TimeOfDay(hour: 2, minute: 30)!, rate: .microgramsPerDay(700)),
            FlexStep(start: TimeOfDay(hour: 7, minute: 0)!, rate: .microgramsPerDay(300)),
        ]))),
        periodicBolus: PeriodicBolus(dose: .micrograms(10), duration: .minutes(30), interval: .hours(2)),
        limits: DoseLimits(maximumDailyDose: .micrograms(2000), maximumHourlyDose: .micrograms(150), maximumBolus: .micrograms(50)),
        lowReservoirAlarm: .millilitres(2))

    /// Everything either arm shows, compared after every wake (the session itself every 64 wakes
    /// and after every action: its checkpoint is the costly part).
    static func expectSame(_ kept: CycleArm, _ asked: CycleArm, session: Bool, _ label: String) {
        #expect(kept.deadline == asked.deadline, "deadline \(label)")
        #expect(kept.lastEvents == asked.lastEvents, "events \(label)")
        #expect(kept.bench.cycle.stepsMoved == asked.bench.cycle.stepsMoved, "steps \(label)")
        #expect(kept.bench.cycle.motorEnabled == asked.bench.cycle.motorEnabled, "motor \(label)")
        #expect(kept.bench.cycle.annunciation.driven == asked.bench.cycle.annunciation.driven, "outputs \(label)")
        guard session else { return }
        #expect(kept.bench.truth == asked.bench.truth, "rig \(label)")
        #expect(kept.bench.session.checkpoint() == asked.bench.session.checkpoint(), "session \(label)")
        #expect(kept.bench.session.clock == asked.bench.session.clock, "clock \(label)")
        #expect(kept.bench.session.nextStep() == asked.bench.session.nextStep(), "next step \(label)")
    }

    @Test func keepingThePlanAcrossTicksChangesNoWakeEventStepOrSession() throws {
        // Every wake ticks, so the sessions compare at any wake (QuietWakeTests compares quiet wakes).
        let kept = try CycleArm(keepsPlan: true), asked = try CycleArm(keepsPlan: false)
        var wakes = 0
        func run(for span: TimeSpan, _ label: String) -> Bool {
            let end = kept.bench.clock.now().monotonic + span
            while kept.deadline <= end {
                kept.wake()
                asked.wake()
                wakes += 1
                let compareSession = wakes % 64 == 0 || !kept.lastEvents.isEmpty
                Self.expectSame(kept, asked, session: compareSession, "\(label), wake \(wakes)")
                if kept.deadline != asked.deadline { return false }
            }
            return true
        }
        func act(_ label: String, _ body: (inout TherapySession, ClockReading) -> Void) {
            kept.act(body)
            asked.act(body)
            Self.expectSame(kept, asked, session: true, label)
        }
        guard run(for: .hours(3), "running across flex steps and periodic boluses") else { return }
        act("single bolus") { session, now in try? session.requestBolus(.single(dose: .micrograms(20), duration: .minutes(20)), at: now) }
        guard run(for: .hours(1), "bolus") else { return }
        // Forward to just before the 07:00 flex step, then back across it: the due instant moves.
        for (label, step) in [("wall clock +2 h 58 min", TimeSpan.minutes(178)), ("wall clock −45 min", .minutes(-45))] {
            kept.bench.clock.stepWallClock(by: step)
            asked.bench.clock.stepWallClock(by: step)
            guard run(for: .minutes(40), label) else { return }
        }
        kept.bench.rig.faults.setOcclusion()
        asked.bench.rig.faults.setOcclusion()
        guard run(for: .minutes(3), "occluded: alarm outputs sounding") else { return }
        act("acknowledge") { session, now in try? session.acknowledgeAlarm(.occlusion, at: now) }
        kept.bench.rig.faults.clearOcclusion()
        asked.bench.rig.faults.clearOcclusion()
        guard run(for: .minutes(10), "occlusion cleared") else { return }
        act("resume after the occlusion") { session, now in try? session.resume(at: now) }
        guard run(for: .hours(1), "after the occlusion") else { return }
        act("stop") { session, now in session.stop(at: now) }
        guard run(for: .minutes(70), "stopped past the left-stopped reminder") else { return }
        act("resume") { session, now in try? session.resume(at: now) }
        guard run(for: .hours(2), "resumed") else { return }
        Self.expectSame(kept, asked, session: true, "end")
        // The scenario did what it is for: steps, events, an alarm sounding.
        #expect(kept.bench.cycle.stepsMoved > 100)
        #expect(kept.eventCount > 10)
        // And the cache did its work: the session was asked for its next step far less often
        // (while running, about once per step; a stopped session is still asked at every wake).
        #expect(kept.bench.cycle.planQueries * 4 < asked.bench.cycle.planQueries)
    }
}
