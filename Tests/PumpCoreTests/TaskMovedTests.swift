import PumpCore
import Testing

/// A task reports what the motor moved for it, not its target; a stall is logged with its miss.
@Suite struct TaskMovedTests {
    typealias F = SessionFixtures
    static let origin = TherapyScenario.origin

    static func planner(step: Int64) -> MeteringPlanner {
        let history = TipConcentrationHistory(deadVolume: .microlitres(200), reservoir: .microgramsPerMillilitre(2000), pathPrimed: true)
        return MeteringPlanner(stepVolume: .nanolitres(step), history: history, clock: origin)
    }

    /// Steps the planner through every due step up to `end`, then advances it there.
    static func run(_ planner: inout MeteringPlanner, until end: MonotonicInstant) {
        while case .due(let due) = planner.nextStep(), due <= end { try? planner.recordStep(at: due) }
        planner.advance(to: end)
    }

    /// The case: a 166 666 nL task in 500 nL steps moved 333 steps, 166 500 nL.
    @Test func aCompletedTaskReportsTheWholeStepsMovedNotItsTarget() throws {
        var planner = Self.planner(step: 500)
        try planner.startBolus(VolumeTask(kind: .singleBolus, volume: .nanolitres(166_666), over: .hours(1), from: Self.origin.monotonic))
        Self.run(&planner, until: Self.origin.monotonic + .hours(2))
        var events: [PlannerEvent] = []
        planner.takeEvents(into: &events)
        #expect(events.contains { event in
            if case .taskCompleted(.singleBolus, .nanolitres(166_666), .nanolitres(166_500), _) = event { return true }
            return false
        }, "\(events)")
        #expect(planner.lastEnded[.singleBolus]?.moved == .nanolitres(166_500))
        #expect(planner.lastEnded[.singleBolus]?.completed == true)
        #expect(planner.commandedPosition == 166_500_000)
    }

    /// Stopped a third of the way through: what moved, to the nanolitre, in the event and its text.
    @Test func anInterruptedBolusSaysWhatWasGiven() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.minutes(10)))
        let moved = session.ledger.position
        try session.requestBolus(.single(dose: .micrograms(20), duration: .minutes(30)), at: F.at(.minutes(10)))
        session.runSteps(until: F.at(.minutes(20)))
        let movedDuringBolus = session.ledger.position - moved
        session.stop(at: F.at(.minutes(20)))
        let interrupted = session.takeEvents().compactMap { event -> (Volume, Volume)? in
            if case .bolusInterrupted(.singleBolus, let delivered, let planned) = event.kind { return (delivered, planned) }
            return nil
        }
        let (delivered, planned) = try #require(interrupted.first)
        #expect(planned == .microlitres(10))
        // A third of 10 µL is programmed; the basal's share and the step still owed are not the bolus's.
        #expect(delivered > .zero && delivered.nanolitres * 1_000 <= movedDuringBolus)
        #expect(delivered <= .nanolitres(3_333))
        let text = TherapyEvent.Kind.bolusInterrupted(.singleBolus, delivered: .nanolitres(1_600), planned: .microlitres(10)).description
        #expect(text == "singleBolus interrupted after 1.6 µL of 10 µL delivered")
    }

    /// A wake 10 min late at 250 µL/day: about 1.7 µL programmed in the gap, of which the step
    /// owed (and the progress towards the next) is made on waking; the rest is missed.
    @Test func aStallIsAnEventWithItsMissedVolume() throws {
        var session = F.session()
        try session.commit(F.prescription(), at: F.origin)
        session.runSteps(until: F.at(.minutes(30)))
        _ = session.takeEvents()
        let missedBefore = session.ledger.missed
        session.recordStall(since: F.at(.minutes(30)).monotonic, at: F.at(.minutes(40)))
        let stalls = session.takeEvents().compactMap { event -> (TimeSpan, Volume)? in
            if case .loopStalled(let duration, let missed) = event.kind { return (duration, missed) }
            return nil
        }
        let (duration, missed) = try #require(stalls.first)
        #expect(duration == .minutes(10))
        #expect(missed == session.ledger.missed - missedBefore)
        // 10 min of 250 µL/day = 1736 nL; under two 250 nL steps stay owed.
        #expect((1_736 - 500...1_736).contains(missed.nanolitres), "\(missed)")
    }
}
