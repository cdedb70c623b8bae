import PumpCore
import PumpTestKit
import Testing

/// `MeteringPlanner.planRevision`: while it is unchanged and the instant `nextStep()` named is
/// not reached, asking again gives the same answer (the control loop keeps the answer across
/// its sensor-poll ticks on that promise, issue 13).
@Suite struct PlanRevisionTests {
    /// Random clock readings (some with a wall-clock step or a new UTC offset), steps recorded
    /// when due, boluses and stops now and then, over a flex schedule with a periodic bolus:
    /// every answer kept under an unchanged revision is the answer asked afresh.
    @Test(arguments: [UInt64(1), 2, 3, 0x9E37_79B9, 0xDEAD_BEEF])
    func anAnswerKeptWhileThePlanRevisionStandsIsTheAnswerAskedAgain(seed: UInt64) throws {
        var random = SplitMix64(seed: seed)
        var planner = MeteringPlannerPropertyTests.runningPlanner(.flex(FlexSchedule(everyDay: DailySchedule(steps: [
            FlexStep(start: TimeOfDay(hour: 0, minute: 0)!, rate: .microgramsPerDay(400)),
            FlexStep(start: TimeOfDay(hour: 1, minute: 10)!, rate: .microgramsPerDay(900)),
            FlexStep(start: TimeOfDay(hour: 3, minute: 0)!, rate: .microgramsPerDay(0)),
            FlexStep(start: TimeOfDay(hour: 3, minute: 40)!, rate: .microgramsPerDay(600)),
        ]))))
        var now = TherapyScenario.origin
        planner.setPeriodic(PeriodicBolus(dose: .micrograms(5), duration: .minutes(20), interval: .hours(1)), at: now.monotonic)
        var kept = (answer: planner.nextStep(), revision: planner.planRevision)
        var keptAndChecked = 0
        for _ in 0..<20_000 {
            let stride = TimeSpan.milliseconds(Int64(random.next() % 4_000))
            now = ClockReading(monotonic: now.monotonic + stride, wall: now.wall + stride)
            switch random.next() % 1_000 {
            case 0: now.wall = now.wall + .seconds(Int64(random.next() % 600) - 300)  // a wall-clock step
            case 1: now.wall = CivilTime(unixNanoseconds: now.wall.unixNanoseconds, utcOffsetSeconds: Int32(random.next() % 5) * 3600)
            default: break
            }
            planner.observeClock(now)
            switch random.next() % 500 {
            case 0: try? planner.startBolus(VolumeTask(kind: .singleBolus, volume: .nanolitres(2_000), over: .minutes(7), from: now.monotonic))
            case 1: planner.stop(at: now.monotonic)
            case 2: planner.start(at: now.monotonic)
            case 3: planner.dropOwedStep(at: now.monotonic)
            default: break
            }
            if case .due(let due) = planner.nextStep(), due <= now.monotonic, random.next() % 4 != 0 {
                try planner.recordStep(at: now.monotonic)
            }
            let fresh = planner.nextStep()
            if planner.planRevision == kept.revision, now.monotonic < kept.answer.instant {
                #expect(fresh == kept.answer)
                keptAndChecked += 1
            } else {
                kept = (fresh, planner.planRevision)
            }
        }
        #expect(keptAndChecked > 1_000)
    }
}

private extension NextStep {
    /// The instant it names (`.never`: none).
    var instant: MonotonicInstant {
        switch self {
        case .due(let due), .replanAt(let due): due
        case .never: .distantFuture
        }
    }
}
