import PumpCore

/// The programmed cumulative volume of a `TherapyScenario`, computed independently of the planner:
/// minute by minute on local wall time, with boluses and periodic boluses in closed form, and the
/// no-catch-up rule stated directly (on resume the target restarts from what was delivered).
///
/// Volumes are picolitres × nanoseconds-per-day, like the planner's, so both can be compared
/// exactly; `target(at:)` returns picolitres.
struct ProgramOracle {
    struct Bolus { var start: Int64; var volume: Int64; var duration: Int64; var frozenAt: Int64? }
    static let day = Int128(TimeSpan.day.nanoseconds)
    static let minute = TimeSpan.minute.nanoseconds

    let scenario: TherapyScenario
    var running = false
    /// Local wall minutes ahead of the monotonic minute count (clock steps plus UTC offset).
    var localOffsetMinutes: Int64 = 0
    var rebase: Int128 = 0
    var basalIntegral: Int128 = 0
    var integratedUntil: Int64 = 0
    var boluses: [Bolus] = []
    var periodicAnchor: Int64?
    var periodicFrozenAt: Int64?
    /// When the last periodic bolus was due: the next one never comes sooner than an interval
    /// after it, whatever stopped in between.
    var lastPeriodicStart: Int64?

    init(_ scenario: TherapyScenario) { self.scenario = scenario }

    func basalRate(atMinute minute: Int64) -> Int64 {
        let local = minute + localOffsetMinutes
        let dayIndex = Int64((Double(local) / 1440).rounded(.down))
        let minuteOfDay = local - dayIndex * 1440
        let isSunday = ((dayIndex % 7) + 7) % 7 == 6  // day 0 is a Monday
        let steps = (isSunday ? scenario.sunday : nil) ?? scenario.everyDay
        let rate = steps.last { $0.minute <= minuteOfDay }!.microgramsPerDay
        return MassRate.microgramsPerDay(rate).volumeRate(at: scenario.drugConcentration).picolitresPerDay
    }

    /// Integrates basal up to `instant`, which must be at or after the last call's.
    mutating func integrate(to instant: Int64) {
        guard running else { integratedUntil = instant; return }
        while integratedUntil < instant {
            let minute = integratedUntil / Self.minute
            let until = min(instant, (minute + 1) * Self.minute)
            basalIntegral += Int128(basalRate(atMinute: minute)) * Int128(until - integratedUntil)
            integratedUntil = until
        }
    }

    /// Target in picolitres at `instant` (≥ the last integration point).
    func target(at instant: Int64) -> Int64 {
        var total = rebase + basalIntegral
        if running {
            total += Int128(basalRate(atMinute: integratedUntil / Self.minute)) * Int128(instant - integratedUntil)
        }
        for bolus in boluses { total += contribution(bolus, at: bolus.frozenAt.map { min($0, instant) } ?? instant) }
        total += periodicContribution(at: instant)
        return Int64(total / Self.day)
    }

    func contribution(_ bolus: Bolus, at instant: Int64) -> Int128 {
        let elapsed = Int128(min(max(instant - bolus.start, 0), bolus.duration))
        return Int128(bolus.volume) * Self.day * elapsed / Int128(bolus.duration)
    }

    func periodicContribution(at instant: Int64) -> Int128 {
        guard let anchor = periodicAnchor, let p = scenario.periodic else { return 0 }
        let end = periodicFrozenAt.map { min($0, instant) } ?? instant
        let volume = scenario.drugConcentration.volume(containing: .micrograms(p.micrograms)).picolitres
        let interval = p.intervalMinutes * Self.minute, duration = p.durationMinutes * Self.minute
        guard end >= anchor else { return 0 }
        let started = (end - anchor) / interval + 1
        var total: Int128 = 0
        for k in 0..<started {
            total += contribution(Bolus(start: anchor + k * interval, volume: volume, duration: duration, frozenAt: nil), at: end)
        }
        return total
    }

    var bolusRunning: Bool {
        boluses.contains { $0.frozenAt == nil && integratedUntil < $0.start + $0.duration }
    }

    mutating func resume(at instant: Int64, commandedPicolitres: Int64) {
        integrate(to: instant)
        running = true
        rebase = Int128(commandedPicolitres) * Self.day
        basalIntegral = 0
        boluses = []
        if let p = scenario.periodic {
            let delay = p.delayMinutes * Self.minute, interval = p.intervalMinutes * Self.minute
            periodicAnchor = lastPeriodicStart.map { max($0 + interval, delay > 0 ? instant + delay : instant) } ?? instant + delay
            periodicFrozenAt = nil
        }
    }

    mutating func stop(at instant: Int64) {
        integrate(to: instant)
        running = false
        for i in boluses.indices where boluses[i].frozenAt == nil { boluses[i].frozenAt = instant }
        if let anchor = periodicAnchor, periodicFrozenAt == nil, let p = scenario.periodic {
            periodicFrozenAt = instant
            let interval = p.intervalMinutes * Self.minute
            if instant >= anchor { lastPeriodicStart = anchor + (instant - anchor) / interval * interval }
        }
    }

    mutating func bolus(volume: Int64, duration: Int64, at instant: Int64) {
        integrate(to: instant)
        boluses.append(Bolus(start: instant, volume: volume, duration: duration, frozenAt: nil))
    }
}
