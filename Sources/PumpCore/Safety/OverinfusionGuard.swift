/// An independent check on delivery: it counts the steps actually commanded and compares their
/// volume with an upper bound of what the program allows, and trips when delivery exceeds that
/// bound by more than `toleranceSteps` steps.
///
/// It shares no code path with `MeteringPlanner`: it integrates the program exactly through its
/// own weekly change-point profile, credits boluses and periodic boluses by their own formulas, and
/// takes the most dilute concentration in the fluid path, so its envelope is never below a correct
/// plan and, without a refill in progress, exceeds it by less than a picolitre. Delivery that is
/// correct therefore never trips it, and any burst of more than `toleranceSteps + 1` extra steps
/// does: a planner bug that delivers too much, or steps reaching the motor by any other route.
///
/// Like the planner, the guard drops unused allowance at each stop (no catch-up): what was not
/// delivered before a stop does not carry over.
///
/// Callers: the therapy session, on every commanded step and every command.
public struct OverinfusionGuard: Sendable {
    struct Credit: Sendable {
        var volume: Int64  // pL
        var duration: Int64  // ns
        var start: MonotonicInstant
        func amount(at instant: MonotonicInstant) -> Int128 {
            let elapsed = min(max(instant.nanoseconds - start.nanoseconds, 0), duration)
            return Int128(volume) * Int128(elapsed) * Int128(TimeSpan.day.nanoseconds) / Int128(duration)
        }
    }

    public let toleranceSteps: Int64
    private var profile = WeeklyRateProfile(.none)
    private var periodic: PeriodicBolus?
    private var firstPeriodicStart = MonotonicInstant.distantFuture
    private var leanestConcentration: Int64 = 0
    private var running = false
    private var lastCheck: ClockReading
    /// Allowance banked from basal and finished or stopped credits, pL × ns-per-day.
    private var banked: Int128 = 0
    private var bolus: Credit?
    private var priming: Credit?
    private var commanded: Int64 = 0
    public private(set) var tripped = false

    public init(toleranceSteps: Int64, clock: ClockReading) {
        self.toleranceSteps = toleranceSteps
        self.lastCheck = clock
    }

    /// Commanded volume in excess of the allowance (negative when within it), in picolitres.
    public var excessPicolitres: Int64 { commanded - Int64(allowance(at: lastCheck.monotonic) / Int128(TimeSpan.day.nanoseconds)) }

    /// A new program and the concentrations that may reach the tip; applies from `reading`.
    public mutating func programChanged(basal: BasalProgram, periodic: PeriodicBolus?, concentrations: [Concentration], at reading: ClockReading) {
        accrue(to: reading)
        profile = WeeklyRateProfile(basal)
        if periodic != self.periodic {
            if running { bankPeriodic(at: reading.monotonic) }
            self.periodic = periodic
            if running, let periodic { firstPeriodicStart = reading.monotonic + periodic.firstStartDelay }
        }
        leanestConcentration = concentrations.map(\.microgramsPerMillilitre).filter { $0 > 0 }.min() ?? 0
    }

    public mutating func started(at reading: ClockReading) {
        accrue(to: reading)
        if running { bankPeriodic(at: reading.monotonic) }
        running = true
        if let periodic { firstPeriodicStart = reading.monotonic + periodic.firstStartDelay }
    }

    public mutating func stopped(at reading: ClockReading) {
        accrue(to: reading)
        bankPeriodic(at: reading.monotonic)
        bankCredits(at: reading.monotonic)
        running = false
        let unused = banked - Int128(commanded) * Int128(TimeSpan.day.nanoseconds)
        if unused > 0 { banked -= unused }
    }

    /// A bolus the session has authorised: up to `volume` over `duration` from `reading`.
    public mutating func bolusAuthorised(volume: Volume, over duration: TimeSpan, at reading: ClockReading) {
        accrue(to: reading)
        if let bolus { banked += bolus.amount(at: reading.monotonic) }
        bolus = Credit(volume: volume.picolitres, duration: duration.nanoseconds, start: reading.monotonic)
    }

    /// Priming the session has authorised: `volume` at `rate` from `reading`.
    public mutating func primingAuthorised(volume: Volume, at rate: VolumeRate, at reading: ClockReading) {
        accrue(to: reading)
        if let priming { banked += priming.amount(at: reading.monotonic) }
        let duration = WideArithmetic.multiplyDivideRoundingUp(volume.picolitres, TimeSpan.day.nanoseconds, rate.picolitresPerDay)
        priming = Credit(volume: volume.picolitres, duration: duration, start: reading.monotonic)
    }

    /// Accounts the program up to `reading`, on the wall clock as last seen, then adopts the new
    /// reading's wall clock. Call it with every reading the planner observes, so both place the
    /// same intervals on the same schedule steps.
    public mutating func observeClock(_ reading: ClockReading) {
        accrue(to: reading)
    }

    /// Counts one commanded step of `stepVolume` at `reading`.
    ///
    /// - Returns: true when this step takes delivery beyond the envelope plus the tolerance; the
    ///   guard then stays tripped.
    public mutating func stepCommanded(_ stepVolume: StepVolume, at reading: ClockReading) -> Bool {
        accrue(to: reading)
        commanded += stepVolume.picolitres
        let allowed = allowance(at: reading.monotonic) / Int128(TimeSpan.day.nanoseconds)
        if Int128(commanded) > allowed + Int128(toleranceSteps * stepVolume.picolitres) { tripped = true }
        return tripped
    }

    // MARK: - Envelope

    private func allowance(at instant: MonotonicInstant) -> Int128 {
        var total = banked
        if let bolus { total += bolus.amount(at: instant) }
        if let priming { total += priming.amount(at: instant) }
        total += periodicAllowance(at: instant)
        return total
    }

    /// Basal allowance from the last check to `reading`. The interval is placed on the wall clock
    /// as it was at the last check: a wall-clock step lands at an unknown moment within the
    /// interval, and like the planner the guard lets the new reading decide only what follows.
    private mutating func accrue(to reading: ClockReading) {
        let elapsed = reading.monotonic.nanoseconds - lastCheck.monotonic.nanoseconds
        if running, elapsed > 0, leanestConcentration > 0 {
            let dose = profile.integral(fromLocal: lastCheck.wall.localNanoseconds, nanoseconds: elapsed)
            // (ng/day × ns) → (pL/day × ns): × 10⁶ / (µg/mL), rounded up.
            banked += WideArithmetic.ceilDivide(dose * 1_000_000, Int128(leanestConcentration))
        }
        if reading.monotonic >= lastCheck.monotonic { lastCheck = reading }
    }

    private func periodicVolume() -> Int64 {
        guard let periodic, leanestConcentration > 0 else { return 0 }
        return Concentration(microgramsPerMillilitre: leanestConcentration).volume(containing: periodic.dose).picolitres
    }

    private func periodicAllowance(at instant: MonotonicInstant) -> Int128 {
        guard running, let periodic, instant >= firstPeriodicStart else { return 0 }
        let sinceFirst = instant.nanoseconds - firstPeriodicStart.nanoseconds
        let started = sinceFirst / periodic.interval.nanoseconds
        let current = Credit(
            volume: periodicVolume(), duration: periodic.duration.nanoseconds,
            start: firstPeriodicStart + periodic.interval * started)
        return Int128(started) * Int128(periodicVolume()) * Int128(TimeSpan.day.nanoseconds) + current.amount(at: instant)
    }

    private mutating func bankPeriodic(at instant: MonotonicInstant) {
        banked += periodicAllowance(at: instant)
        firstPeriodicStart = .distantFuture
    }

    private mutating func bankCredits(at instant: MonotonicInstant) {
        if let bolus { banked += bolus.amount(at: instant) }
        if let priming { banked += priming.amount(at: instant) }
        bolus = nil
        priming = nil
    }
}
