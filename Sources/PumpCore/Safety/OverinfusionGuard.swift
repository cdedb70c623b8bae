/// An independent check on delivery: it counts the steps actually commanded and compares their
/// volume with an upper bound of what the program allows, and trips when delivery would exceed that
/// bound by more than `toleranceSteps` steps.
///
/// It shares no code path with `MeteringPlanner`: it integrates the program exactly through its
/// own weekly change-point profile, follows the concentration at the tip from its own step count
/// and fluid-path record, credits boluses by dose at the most dilute concentration ahead, and keeps
/// its own periodic-bolus phase. Its envelope is never below a correct plan and, outside a bridge,
/// exceeds it by less than a picolitre; it never carries more than two steps of unused allowance
/// (as the planner never owes more than one), so any burst of more than `toleranceSteps + 1` extra
/// steps trips it, whatever paused before.
///
/// Callers: the therapy session, on every commanded step, command and clock reading.
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

    static var day: Int128 { 86_400_000_000_000 }  // a literal: read on every accrual, where a lazy global costs a `swift_once`
    public let toleranceSteps: Int64
    private var path: GuardFluidPath
    private var profile = WeeklyRateProfile(.none)
    private var periodic: PeriodicBolus?
    private var firstPeriodicStart = MonotonicInstant.distantFuture
    private var lastPeriodicStart: MonotonicInstant?
    private var running = false
    private var lastCheck: ClockReading
    private var lastStep: Int64 = 0
    /// Allowance banked from basal and finished, cancelled or stopped credits, pL × ns-per-day.
    private var banked: Int128
    private var bolus: Credit?
    private var priming: Credit?
    /// Pump position by the guard's own count of commanded steps, pL.
    private var commanded: Int64
    public private(set) var tripped = false

    /// A guard for a pump at `position` with the reservoir and fluid path as they are.
    public init(
        toleranceSteps: Int64, deadVolume: Volume, reservoir: Concentration, pathPrimed: Bool, position: Int64 = 0,
        clock: ClockReading
    ) {
        self.toleranceSteps = toleranceSteps
        self.path = GuardFluidPath(deadVolume: deadVolume, reservoir: reservoir, primed: pathPrimed, position: position)
        self.commanded = position
        self.banked = Int128(position) * Self.day
        self.lastCheck = clock
    }

    /// A stopped guard restored after an outage: its own fluid path rebuilt from the stored
    /// changes, the pump at `position`, and the periodic phase that keeps the next periodic bolus
    /// from coming early.
    init(
        toleranceSteps: Int64, deadVolume: Volume, pathChanges: [(from: Int64, concentration: Int64)], position: Int64,
        lastPeriodicStart: MonotonicInstant?, clock: ClockReading
    ) {
        self.toleranceSteps = toleranceSteps
        self.path = GuardFluidPath(deadVolume: deadVolume, changes: pathChanges)
        self.commanded = position
        self.banked = Int128(position) * Self.day
        self.lastCheck = clock
        self.lastPeriodicStart = lastPeriodicStart
    }

    /// Commanded volume in excess of the allowance (negative when within it), in picolitres.
    public var excessPicolitres: Int64 { commanded - Int64(allowance(at: lastCheck.monotonic) / Self.day) }

    // MARK: - What the session tells it

    /// A new program; applies from `reading`.
    public mutating func programChanged(basal: BasalProgram, periodic: PeriodicBolus?, at reading: ClockReading) {
        accrue(to: reading)
        profile = WeeklyRateProfile(basal)
        guard periodic != self.periodic else { return }
        if running { bankPeriodic(at: reading.monotonic) }
        self.periodic = periodic
        if running { firstPeriodicStart = nextPeriodicStart(at: reading.monotonic) }
    }

    /// The reservoir now holds `concentration`, entering the tubing from the pump's position now.
    public mutating func refilled(with concentration: Concentration, at reading: ClockReading) {
        accrue(to: reading)
        path.reservoirChanged(to: concentration, atPosition: commanded)
    }

    /// The tubing and catheter were replaced with drug-free ones at the pump's position now.
    public mutating func pathReplaced(reservoir: Concentration, at reading: ClockReading) {
        accrue(to: reading)
        path.pathReplaced(atPosition: commanded, reservoir: reservoir)
    }

    /// Delivery starts. After a trip that a clinician reviewed (the session only restarts once
    /// the alarm is acknowledged), the excess is forgiven and the guard arms again.
    public mutating func started(at reading: ClockReading) {
        accrue(to: reading)
        if tripped {
            tripped = false
            commanded = Int64(allowance(at: reading.monotonic) / Self.day)
        }
        if running { bankPeriodic(at: reading.monotonic) }
        running = true
        firstPeriodicStart = nextPeriodicStart(at: reading.monotonic)
    }

    /// Delivery stops; unused allowance is dropped (no catch-up).
    public mutating func stopped(at reading: ClockReading) {
        accrue(to: reading)
        bankPeriodic(at: reading.monotonic)
        bankCredits(at: reading.monotonic)
        running = false
        let unused = banked - Int128(commanded) * Self.day
        if unused > 0 { banked -= unused }
    }

    /// A bolus the session authorised: up to `dose` over `duration` from `reading`, credited at
    /// the most dilute drug that can reach the tip.
    public mutating func bolusAuthorised(dose: DrugMass, over duration: TimeSpan, at reading: ClockReading) {
        accrue(to: reading)
        if let bolus { banked += bolus.amount(at: reading.monotonic) }
        let leanest = path.leanest(from: commanded)
        let volume = leanest > 0 ? WideArithmetic.multiplyDivideRoundingUp(dose.nanograms, 1_000_000, leanest) : 0
        bolus = Credit(volume: volume, duration: max(duration.nanoseconds, 1), start: reading.monotonic)
    }

    /// The running bolus was cancelled: its credit stops growing.
    public mutating func bolusCancelled(at reading: ClockReading) {
        accrue(to: reading)
        if let bolus { banked += bolus.amount(at: reading.monotonic) }
        bolus = nil
    }

    /// Priming the session authorised: `volume` of drug-free fluid at `rate` from `reading`.
    public mutating func primingAuthorised(volume: Volume, at rate: VolumeRate, at reading: ClockReading) {
        accrue(to: reading)
        if let priming { banked += priming.amount(at: reading.monotonic) }
        let duration = WideArithmetic.multiplyDivideRoundingUp(volume.picolitres, TimeSpan.day.nanoseconds, rate.picolitresPerDay)
        priming = Credit(volume: volume.picolitres, duration: max(duration, 1), start: reading.monotonic)
    }

    /// Accounts the program up to `reading`, on the wall clock as last seen, then adopts the new
    /// reading's wall clock. Call it with every reading the planner observes, so both place the
    /// same intervals on the same schedule steps.
    public mutating func observeClock(_ reading: ClockReading) {
        accrue(to: reading)
    }

    /// Asks to command one step of `stepVolume` at `reading`.
    ///
    /// - Returns: false when the step would take delivery beyond the envelope plus the tolerance:
    ///   the guard trips, does not count the step, and stays tripped until delivery restarts.
    public mutating func allowStep(_ stepVolume: StepVolume, at reading: ClockReading) -> Bool {
        accrue(to: reading)
        guard !tripped else { return false }
        let step = stepVolume.picolitres
        lastStep = step
        let ceiling = Int128(commanded + 2 * step) * Self.day
        let allowed = allowance(at: reading.monotonic)
        if allowed > ceiling { banked -= allowed - ceiling }
        let limit = min(allowed, ceiling) / Self.day + Int128(toleranceSteps * step)
        guard Int128(commanded + step) <= limit else {
            tripped = true
            return false
        }
        commanded += step
        return true
    }

    // MARK: - Envelope

    private func allowance(at instant: MonotonicInstant) -> Int128 {
        var total = banked
        if let bolus { total += bolus.amount(at: instant) }
        if let priming { total += priming.amount(at: instant) }
        return total + periodicAllowance(at: instant)
    }

    /// Basal allowance from the last check to `reading`, on the wall clock as it was at the last
    /// check (a wall-clock step lands at an unknown moment within the interval; like the planner,
    /// the guard lets the new reading decide only what follows), at the most dilute drug that can
    /// leave the tip within the next two steps.
    private mutating func accrue(to reading: ClockReading) {
        let elapsed = reading.monotonic.nanoseconds - lastCheck.monotonic.nanoseconds
        if running, elapsed > 0 {
            let now = path.atTip(commanded), soon = path.atTip(commanded + 2 * lastStep)
            let concentration = now > 0 && soon > 0 ? min(now, soon) : max(now, soon)
            if concentration > 0 {
                let dose = profile.integral(fromLocal: lastCheck.wall.localNanoseconds, nanoseconds: elapsed)
                // (ng/day × ns) → (pL/day × ns): × 10⁶ / (µg/mL), rounded up.
                banked += WideArithmetic.ceilDivide(dose * 1_000_000, Int128(concentration))
            }
        }
        if reading.monotonic >= lastCheck.monotonic { lastCheck = reading }
    }

    private func nextPeriodicStart(at instant: MonotonicInstant) -> MonotonicInstant {
        guard let periodic else { return .distantFuture }
        let delayed = instant + periodic.firstStartDelay
        guard let last = lastPeriodicStart else { return delayed }
        return max(last + periodic.interval, periodic.firstStartDelay > .zero ? delayed : instant)
    }

    private func periodicAllowance(at instant: MonotonicInstant) -> Int128 {
        guard running, let periodic, instant >= firstPeriodicStart else { return 0 }
        let leanest = path.leanest(from: commanded)
        guard leanest > 0 else { return 0 }
        let volume = WideArithmetic.multiplyDivideRoundingUp(periodic.dose.nanograms, 1_000_000, leanest)
        let started = (instant.nanoseconds - firstPeriodicStart.nanoseconds) / periodic.interval.nanoseconds
        let current = Credit(volume: volume, duration: periodic.duration.nanoseconds, start: firstPeriodicStart + periodic.interval * started)
        return Int128(started) * Int128(volume) * Self.day + current.amount(at: instant)
    }

    private mutating func bankPeriodic(at instant: MonotonicInstant) {
        banked += periodicAllowance(at: instant)
        if let periodic, instant >= firstPeriodicStart {
            let started = (instant.nanoseconds - firstPeriodicStart.nanoseconds) / periodic.interval.nanoseconds
            lastPeriodicStart = firstPeriodicStart + periodic.interval * started
        }
        firstPeriodicStart = .distantFuture
    }

    private mutating func bankCredits(at instant: MonotonicInstant) {
        if let bolus { banked += bolus.amount(at: instant) }
        if let priming { banked += priming.amount(at: instant) }
        bolus = nil
        priming = nil
    }
}
