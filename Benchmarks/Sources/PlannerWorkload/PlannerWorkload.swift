import PumpCore

/// The metering-planner workloads measured by `PlannerBenchmarks` and printed by `PlannerYear`.
///
/// Both drive the planner exactly as the therapy session's control loop would: ask `nextStep()`,
/// record the step at the instant it is due, and issue commands at their own instants in
/// monotonic order. Nothing here reads a real clock; all time is simulated.
public enum PlannerWorkload {
    public static let concentration = Concentration.microgramsPerMillilitre(2000)
    public static let stepVolume = StepVolume.nanolitres(250)
    public static let deadVolume = Volume.microlitres(200)

    /// Local midnight 2025-11-21T00:00+01:00, at an arbitrary point of the monotonic time base.
    public static let start = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 1_000),
        wall: CivilTime(unixNanoseconds: 1_763_679_600_000_000_000, utcOffsetSeconds: 3600)
    )

    // MARK: - One year: 13-step flex schedule with a daily single bolus

    public static let yearDays: Int64 = 365
    public static let bolusVolume = Volume.microlitres(25)
    public static let bolusDuration = TimeSpan.minutes(30)
    /// The bolus starts at 08:00 local time every day.
    public static let bolusTimeOfDay = TimeSpan.hours(8)

    /// Thirteen steps (the clinical maximum of changes a day), 300…900 µg/day, 604.17 µg/day mean.
    public static let flexDay = DailySchedule(steps: [
        step(0, 0, 400), step(2, 0, 300), step(4, 0, 350), step(6, 0, 500), step(7, 30, 700),
        step(9, 0, 900), step(11, 0, 800), step(13, 0, 650), step(15, 0, 600), step(17, 0, 750),
        step(19, 0, 850), step(21, 0, 550), step(22, 30, 450),
    ])

    public static let flexProgram = BasalProgram.flex(FlexSchedule(everyDay: flexDay))

    private static func step(_ hour: Int, _ minute: Int, _ microgramsPerDay: Int64) -> FlexStep {
        FlexStep(start: TimeOfDay(hour: hour, minute: minute)!, rate: .microgramsPerDay(microgramsPerDay))
    }

    /// A running planner at `start` with a primed path and `basal` in force.
    public static func makePlanner(basal: BasalProgram) -> MeteringPlanner {
        let history = TipConcentrationHistory(deadVolume: deadVolume, reservoir: concentration, pathPrimed: true)
        var planner = MeteringPlanner(stepVolume: stepVolume, history: history, clock: start)
        planner.setBasal(basal, at: start.monotonic)
        planner.start(at: start.monotonic)
        return planner
    }

    public static func makeYearPlanner() -> MeteringPlanner { makePlanner(basal: flexProgram) }

    public struct YearResult: Sendable, Equatable {
        /// Steps recorded (every step due within the year).
        public var steps: Int
        public var boluses: Int
        /// Planner events drained over the year (one drain per simulated day plus one at the end).
        public var events: Int
        /// Programmed cumulative volume at the end of the year, picolitres.
        public var targetPicolitres: Int64
        /// Volume commanded by the recorded steps, picolitres.
        public var commandedPicolitres: Int64
    }

    /// Plans one year (`yearDays` of monotonic time) from the planner's current instant, which must
    /// be local midnight (`makeYearPlanner()`): records every due step and starts one 25 µL / 30 min
    /// single bolus at 08:00 every day, draining the planner's events once a day.
    public static func planYear(_ planner: inout MeteringPlanner) throws -> YearResult {
        let origin = planner.segmentStart
        let end = origin + .days(yearDays)
        var nextBolus = origin + bolusTimeOfDay
        var result = YearResult(steps: 0, boluses: 0, events: 0, targetPicolitres: 0, commandedPicolitres: 0)
        var events: [PlannerEvent] = []
        while true {
            let wake: MonotonicInstant
            let stepDue: Bool
            switch planner.nextStep() {
            case .due(let instant): wake = instant; stepDue = true
            case .replanAt(let instant): wake = instant; stepDue = false
            case .never: wake = .distantFuture; stepDue = false
            }
            // Today's bolus comes first when it is not later than the next step.
            if nextBolus <= wake, nextBolus < end {
                planner.takeEvents(into: &events)
                result.events += events.count
                try planner.startBolus(VolumeTask(kind: .singleBolus, volume: bolusVolume, over: bolusDuration, from: nextBolus))
                result.boluses += 1
                nextBolus = nextBolus + .day
                continue
            }
            if wake > end { break }
            if stepDue {
                try planner.recordStep(at: wake)
                result.steps += 1
            } else {
                planner.advance(to: wake)
            }
        }
        planner.advance(to: end)
        planner.takeEvents(into: &events)
        result.events += events.count
        result.targetPicolitres = planner.targetPosition
        result.commandedPicolitres = planner.commandedPosition
        return result
    }

    /// The programmed volume of one year computed independently of the planner: the schedule's
    /// exact daily basal volume (in the planner's own pL/day rounding) plus the boluses.
    public static let expectedYearTargetPicolitres: Int64 = {
        var basalPicolitreSecondsPerDay: Int128 = 0
        for (i, step) in flexDay.steps.enumerated() {
            let from = Int128(step.start.secondsSinceMidnight)
            let to = i + 1 < flexDay.steps.count ? Int128(flexDay.steps[i + 1].start.secondsSinceMidnight) : 86_400
            basalPicolitreSecondsPerDay += Int128(step.rate.volumeRate(at: concentration).picolitresPerDay) * (to - from)
        }
        let basal = Int128(yearDays) * basalPicolitreSecondsPerDay / 86_400
        return Int64(basal) + yearDays * bolusVolume.picolitres
    }()

    /// Steps the year must contain: every whole step of the expected volume, no more, no fewer.
    public static var expectedYearSteps: Int { Int(expectedYearTargetPicolitres / stepVolume.picolitres) }

    /// Nil when `result` is exactly what the prescription implies, otherwise what is wrong.
    public static func yearProblem(_ result: YearResult) -> String? {
        var problems: [String] = []
        if result.steps != expectedYearSteps { problems.append("steps \(result.steps), expected \(expectedYearSteps)") }
        if result.boluses != Int(yearDays) { problems.append("boluses \(result.boluses), expected \(yearDays)") }
        if result.targetPicolitres != expectedYearTargetPicolitres {
            problems.append("target \(result.targetPicolitres) pL, expected \(expectedYearTargetPicolitres) pL")
        }
        if result.commandedPicolitres != Int64(result.steps) * stepVolume.picolitres {
            problems.append("commanded \(result.commandedPicolitres) pL ≠ \(result.steps) steps × \(stepVolume)")
        }
        let lag = result.targetPicolitres - result.commandedPicolitres
        if lag < 0 || lag >= stepVolume.picolitres { problems.append("delivery lags the target by \(lag) pL") }
        return problems.isEmpty ? nil : problems.joined(separator: "; ")
    }

    // MARK: - Steady state: continuous basal, one step after another

    public static let steadyProgram = BasalProgram.continuous(.microgramsPerDay(500))
    public static let steadySteps = 100_000

    /// A continuous-basal planner (500 µg/day at 2000 µg/mL: one step every 86.4 s) warmed up by
    /// 500 steps, so it is running in the middle of a segment.
    public static func makeSteadyPlanner() throws -> MeteringPlanner {
        var planner = makePlanner(basal: steadyProgram)
        let warm = try runSteps(&planner, count: 500)
        precondition(warm == 500, "the steady-state warm-up stopped after \(warm) steps")
        return planner
    }

    /// Records `count` consecutive steps, each at the instant `nextStep()` says it is due, and
    /// returns how many were recorded (fewer only if the planner stopped answering `.due`).
    public static func runSteps(_ planner: inout MeteringPlanner, count: Int) throws -> Int {
        var done = 0
        while done < count {
            guard case .due(let instant) = planner.nextStep() else { break }
            try planner.recordStep(at: instant)
            done += 1
        }
        return done
    }
}
