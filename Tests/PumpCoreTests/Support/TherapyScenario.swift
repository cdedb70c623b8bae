import PumpCore
import PumpTestKit

/// A random but reproducible therapy history: a flex program (optionally a different Sunday),
/// an optional periodic bolus, and stops, resumes, single boluses and wall-clock changes at whole
/// minutes. Schedule steps and clock changes fall on whole minutes so the oracle can integrate
/// minute by minute exactly.
struct TherapyScenario: CustomStringConvertible {
    enum Action: Equatable {
        case stop
        case resume
        case bolus(micrograms: Int64, minutes: Int64)
        /// The wall clock steps by this many minutes (NTP step, manual set).
        case clockStep(minutes: Int64)
        /// The UTC offset changes by this many minutes (daylight saving).
        case offsetChange(minutes: Int64)
    }

    var seed: UInt64
    var concentration: Int64
    var stepNanolitres: Int64
    var everyDay: [(minute: Int64, microgramsPerDay: Int64)]
    var sunday: [(minute: Int64, microgramsPerDay: Int64)]?
    var periodic: (micrograms: Int64, durationMinutes: Int64, intervalMinutes: Int64, delayMinutes: Int64)?
    var actions: [(minute: Int64, action: Action)]
    var days: Int64

    var description: String {
        "TherapyScenario(seed: \(seed), \(concentration) µg/mL, step \(stepNanolitres) nL, \(everyDay.count) steps, "
            + "sunday: \(sunday != nil), periodic: \(periodic.map { "\($0)" } ?? "none"), \(actions.count) actions, \(days) days)"
    }

    static func random(seed: UInt64, days: Int64, actionsPerDay: ClosedRange<Int64> = 0...3, maxRate: Int64 = 600) -> TherapyScenario {
        var rng = SplitMix64(seed: seed)
        func schedule() -> [(Int64, Int64)] {
            let count = Int.random(in: 1...24, using: &rng)
            var minutes = Set<Int64>([0])
            while minutes.count < count { minutes.insert(Int64.random(in: 1..<1440, using: &rng)) }
            return minutes.sorted().map { ($0, Int64.random(in: 0...maxRate, using: &rng)) }
        }
        let everyDay = schedule()
        let sunday = Bool.random(using: &rng) ? schedule() : nil
        var periodic: (Int64, Int64, Int64, Int64)?
        if Int.random(in: 0..<3, using: &rng) == 0 {
            let interval = Int64.random(in: 30...720, using: &rng)
            periodic = (Int64.random(in: 1...60, using: &rng), Int64.random(in: 1..<min(interval, 120), using: &rng), interval,
                        Int64.random(in: 0...120, using: &rng))
        }
        var actions: [(Int64, Action)] = []
        var running = true
        for day in 0..<days {
            let count = Int64.random(in: actionsPerDay, using: &rng)
            for minute in (0..<count).map({ _ in day * 1440 + Int64.random(in: 0..<1440, using: &rng) }).sorted() {
                let action: Action
                switch Int.random(in: 0..<10, using: &rng) {
                case 0...2: action = running ? .stop : .resume
                case 3...5: action = .bolus(micrograms: Int64.random(in: 1...100, using: &rng), minutes: Int64.random(in: 1...240, using: &rng))
                case 6...7: action = .clockStep(minutes: Int64.random(in: -720...720, using: &rng))
                default: action = .offsetChange(minutes: Bool.random(using: &rng) ? 60 : -60)
                }
                if action == .stop { running = false }
                if action == .resume { running = true }
                if actions.last?.0 != minute { actions.append((minute, action)) }
            }
        }
        return TherapyScenario(
            seed: seed, concentration: [500, 1000, 2000, 3000][Int.random(in: 0..<4, using: &rng)],
            stepNanolitres: [250, 500, 1000, 2000][Int.random(in: 0..<4, using: &rng)],
            everyDay: everyDay, sunday: sunday, periodic: periodic, actions: actions, days: days)
    }

    // MARK: - As PumpCore values

    static func dailySchedule(_ steps: [(minute: Int64, microgramsPerDay: Int64)]) -> DailySchedule {
        DailySchedule(steps: steps.map {
            FlexStep(start: TimeOfDay(secondsSinceMidnight: Int32($0.minute * 60)), rate: .microgramsPerDay($0.microgramsPerDay))
        })
    }

    var basal: BasalProgram {
        .flex(FlexSchedule(everyDay: Self.dailySchedule(everyDay), byWeekday: sunday.map { [.sunday: Self.dailySchedule($0)] } ?? [:]))
    }

    var periodicBolus: PeriodicBolus? {
        periodic.map {
            PeriodicBolus(dose: .micrograms($0.micrograms), duration: .minutes($0.durationMinutes),
                          interval: .minutes($0.intervalMinutes), firstStartDelay: .minutes($0.delayMinutes))
        }
    }

    var drugConcentration: Concentration { .microgramsPerMillilitre(concentration) }
    var stepVolume: StepVolume { .nanolitres(stepNanolitres) }

    /// Monday 2026-11-16 00:00 UTC: scenarios start on a Monday at local midnight.
    static let origin = ClockReading(
        monotonic: MonotonicInstant(nanoseconds: 0),
        wall: CivilTime(unixNanoseconds: CivilTime.daysSinceEpoch(year: 2026, month: 11, day: 16) * TimeSpan.day.nanoseconds))

    static func reading(atMinute minute: Int64, wallOffsetMinutes: Int64, utcOffsetMinutes: Int64) -> ClockReading {
        ClockReading(
            monotonic: MonotonicInstant(nanoseconds: minute * TimeSpan.minute.nanoseconds),
            wall: CivilTime(
                unixNanoseconds: origin.wall.unixNanoseconds + (minute + wallOffsetMinutes) * TimeSpan.minute.nanoseconds,
                utcOffsetSeconds: Int32(utcOffsetMinutes * 60)))
    }
}
