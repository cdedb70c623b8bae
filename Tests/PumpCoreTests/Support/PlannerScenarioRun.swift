import PumpCore
import Testing

/// Drives a `MeteringPlanner` through a `TherapyScenario`, stepping at every due instant, and checks
/// it against `ProgramOracle` at every step and every minute:
/// - never ahead: commanded ≤ target at the step instant;
/// - never more than one step behind: just before each step, and at every minute mark,
///   target − commanded < one step;
/// - no catch-up: nothing moves while stopped, and after a resume the target restarts from what
///   was delivered (the oracle states that rule on its own).
struct PlannerScenarioRun {
    /// Sub-picolitre rounding allowed between the planner and the oracle (bolus rates are rounded
    /// up to the picolitre per day; the oracle's closed form is exact).
    static let slackPicolitres: Int64 = 4

    let scenario: TherapyScenario
    var planner: MeteringPlanner
    var oracle: ProgramOracle
    var wallOffsetMinutes: Int64 = 0
    var utcOffsetMinutes: Int64 = 0
    var running = true
    var steps = 0
    var worstLead: Int64 = .min
    var worstLag: Int64 = .min
    var failed = false
    /// An overinfusion guard fed the same commands, clock readings and steps, when under test.
    var guardUnderTest: OverinfusionGuard?

    init(_ scenario: TherapyScenario) {
        self.scenario = scenario
        let history = TipConcentrationHistory(deadVolume: .microlitres(100), reservoir: scenario.drugConcentration, pathPrimed: true)
        planner = MeteringPlanner(stepVolume: scenario.stepVolume, history: history, clock: TherapyScenario.origin)
        planner.setBasal(scenario.basal, at: TherapyScenario.origin.monotonic)
        planner.setPeriodic(scenario.periodicBolus, at: TherapyScenario.origin.monotonic)
        planner.start(at: TherapyScenario.origin.monotonic)
        oracle = ProgramOracle(scenario)
        oracle.resume(at: 0, commandedPicolitres: 0)
    }

    var stepPicolitres: Int64 { scenario.stepVolume.picolitres }

    func reading(atMinute minute: Int64) -> ClockReading {
        TherapyScenario.reading(atMinute: minute, wallOffsetMinutes: wallOffsetMinutes, utcOffsetMinutes: utcOffsetMinutes)
    }

    /// Runs the whole scenario; `onStep` sees every granted step's reading (for the guard).
    mutating func run(onStep: (inout PlannerScenarioRun, ClockReading) -> Void = { _, _ in }) {
        var nextAction = 0
        for minute in 0..<(scenario.days * 1440) {
            let t0 = minute * ProgramOracle.minute
            while nextAction < scenario.actions.count, scenario.actions[nextAction].minute == minute {
                apply(scenario.actions[nextAction].action, atMinute: minute)
                nextAction += 1
            }
            oracle.integrate(to: t0)
            checkLag(at: t0, label: "minute", minute)
            if failed { return }
            let minuteEnd = t0 + ProgramOracle.minute
            while case .due(let due) = planner.nextStep(), due.nanoseconds < minuteEnd {
                let before = planner.commandedPosition
                if due.nanoseconds > t0 { checkLag(at: due.nanoseconds - 1, label: "just before step", Int64(steps + 1)) }
                do { try planner.recordStep(at: due) } catch {
                    Issue.record("planner refused its own due step at \(due): \(error) — \(scenario)")
                    return
                }
                #expect(running, "a step while stopped at \(due) — \(scenario)")
                steps += 1
                let lead = planner.commandedPosition - oracle.target(at: due.nanoseconds)
                worstLead = max(worstLead, lead)
                if lead > Self.slackPicolitres {
                    Issue.record("delivery ahead of the program by \(lead) pL at step \(steps) (\(due)) — \(scenario)")
                    return
                }
                #expect(planner.commandedPosition == before + stepPicolitres)
                onStep(&self, reading(atMinute: minute).advanced(by: .nanoseconds(due.nanoseconds - t0)))
            }
            planner.advance(to: MonotonicInstant(nanoseconds: minuteEnd - 1))
        }
    }

    mutating func checkLag(at instant: Int64, label: StaticString, _ number: Int64) {
        let lag = oracle.target(at: instant) - planner.commandedPosition
        worstLag = max(worstLag, lag)
        if lag >= stepPicolitres + Self.slackPicolitres {
            failed = true
            Issue.record("delivery behind the program by \(lag) pL (> one step \(stepPicolitres) pL) at \(label) \(number) — \(scenario)")
        }
    }

    mutating func apply(_ action: TherapyScenario.Action, atMinute minute: Int64) {
        let instant = MonotonicInstant(nanoseconds: minute * ProgramOracle.minute)
        let now = reading(atMinute: minute)
        switch action {
        case .stop:
            guard running else { return }
            guardUnderTest?.stopped(at: now)
            planner.stop(at: instant)
            oracle.stop(at: instant.nanoseconds)
            running = false
        case .resume:
            guard !running else { return }
            planner.start(at: instant)
            guardUnderTest?.started(at: now)
            oracle.resume(at: instant.nanoseconds, commandedPicolitres: planner.commandedPosition)
            running = true
        case .bolus(let micrograms, let minutes):
            planner.advance(to: instant)
            guard running, planner.onDemandBolus == nil else { return }
            let volume = scenario.drugConcentration.volume(containing: .micrograms(micrograms))
            guard volume > .zero else { return }
            try! planner.startBolus(VolumeTask(kind: .singleBolus, volume: volume, over: .minutes(minutes), from: instant))
            guardUnderTest?.bolusAuthorised(dose: .micrograms(micrograms), over: .minutes(minutes), at: now)
            oracle.bolus(volume: volume.picolitres, duration: minutes * ProgramOracle.minute, at: instant.nanoseconds)
        case .clockStep(let minutes), .offsetChange(let minutes):
            oracle.integrate(to: instant.nanoseconds)
            if case .clockStep = action { wallOffsetMinutes += minutes } else { utcOffsetMinutes += minutes }
            oracle.localOffsetMinutes = wallOffsetMinutes + utcOffsetMinutes
            let stepped = reading(atMinute: minute)
            planner.observeClock(stepped)
            guardUnderTest?.observeClock(stepped)
        }
    }
}
