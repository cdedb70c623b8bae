import PumpCore
import Testing

@Suite struct MeteringPlannerGoldenTests {
    static let start = ClockReading(monotonic: MonotonicInstant(nanoseconds: 1_000), wall: CivilTime(unixNanoseconds: 1_763_683_200_000_000_000))

    static func planner(step: StepVolume = .nanolitres(250), concentration: Int64 = 2000) -> MeteringPlanner {
        let history = TipConcentrationHistory(deadVolume: .microlitres(200), reservoir: .microgramsPerMillilitre(concentration), pathPrimed: true)
        return MeteringPlanner(stepVolume: step, history: history, clock: start)
    }

    /// Runs the planner for `span`, stepping at every due instant, and returns the step instants.
    static func run(_ planner: inout MeteringPlanner, for span: TimeSpan) -> [MonotonicInstant] {
        let end = planner.segmentStart + span
        var steps: [MonotonicInstant] = []
        while case .due(let due) = planner.nextStep(), due <= end {
            try! planner.recordStep(at: due)
            steps.append(due)
        }
        planner.advance(to: end)
        return steps
    }

    @Test func fiveHundredMicrogramsPerDayAtTwoThousandIsExactlyOneThousandEvenSteps() {
        var planner = Self.planner()
        planner.setBasal(.continuous(.microgramsPerDay(500)), at: Self.start.monotonic)
        planner.start(at: Self.start.monotonic)
        let steps = Self.run(&planner, for: .days(1))
        #expect(steps.count == 1000)
        let gaps = Set(zip(steps.dropFirst(), steps).map { ($0 - $1).nanoseconds })
        #expect(gaps == [86_400_000_000])
        #expect(steps.first == Self.start.monotonic + .seconds(86) + .milliseconds(400))
    }
}
