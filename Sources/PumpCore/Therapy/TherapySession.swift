/// The therapy engine: the one place where prescriptions, commands, motor steps, alarms and
/// accounting meet.
///
/// A value type with no I/O and no clock of its own: every call carries the `ClockReading` it
/// applies at, and readings must not go backwards on the monotonic clock. The daemon owns one
/// session and serialises calls to it; tests and simulations drive it with any clock they like.
///
/// Safety rules it enforces:
/// - every limit is checked before anything moves, and a refused command changes nothing;
/// - a step is granted only when due, within the overinfusion guard's envelope and above the
///   reservoir's empty threshold; otherwise delivery stops with a critical alarm;
/// - after any stop or outage, delivery resumes from now: the missed volume is recorded, never
///   delivered.
public struct TherapySession: Sendable {
    /// The rig as calibrated now (`calibrate` may change its step volume).
    public internal(set) var rig: RigConfiguration
    /// The step volume the profile gives; calibration may move it by at most a factor of two.
    public internal(set) var nominalStepVolume: StepVolume
    public internal(set) var prescription: Prescription?
    public internal(set) var mode: DeliveryMode = .stopped(.idle)
    public internal(set) var fill: ReservoirFill
    public internal(set) var planner: MeteringPlanner
    public internal(set) var overinfusionGuard: OverinfusionGuard
    public internal(set) var ledger: DeliveryLedger
    /// Delivery by the wall-clock hour its steps were commanded in, since this session began or
    /// was restored (the checkpoint save writes it to the hourly history).
    public internal(set) var deliveredByHour = DeliveryByHour()
    /// The wall-clock hours this session's clock has completed, each with the pump's state as it
    /// crossed the hour's end (the checkpoint save reports them).
    public internal(set) var hourClosing: HourClosing
    public internal(set) var alarms = AlarmBook()
    public internal(set) var battery: BatteryMonitor
    /// The drug library programs and refills are checked against (nil: none configured).
    public internal(set) var drugLibrary: DrugLibrary?
    /// When programming warns and when a stopped pump reminds people.
    public internal(set) var policy = TherapyPolicy()
    /// The latest reading any call carried.
    public internal(set) var clock: ClockReading
    /// When delivery last stopped, to account the gap at the next start. Kept from the first stop
    /// until delivery starts again, whatever happens in between (priming, an alarm, a restart):
    /// every stopped interval counts as missed.
    var stoppedAt: ClockReading?
    /// When the left-stopped alarm was last acknowledged while therapy stayed stopped: it is raised
    /// again `policy.stoppedReminderRepeat` after this.
    var leftStoppedAcknowledgedAt: MonotonicInstant?
    /// Start instants of recent patient boluses (rolling 24 h), oldest first.
    var patientBolusStarts: [MonotonicInstant] = []
    var events: [TherapyEvent] = []
    var plannerEvents: [PlannerEvent] = []
    /// A shutdown cut short priming that was to start therapy: the next start primes the rest.
    var primingCutByShutdown = false
    /// Priming in progress: the commanded positions it started from and must reach, picolitres.
    /// It completes when its steps are made, not when its time is up (a step may still be owed,
    /// or have been dropped for a late wake).
    var primingSpan: (start: Int64, end: Int64)?
    /// Planner drops already recorded as missed, picolitres.
    var accountedDrops: Int64 = 0
    /// The line test in progress after an occlusion (issue 14).
    public internal(set) var lineTestRun: LineTestRun?
    /// The calibration run in progress, or the last one that ended until it is committed (issue 14).
    public internal(set) var calibrationRun: CalibrationRun?
    // Motion verification (issue 14, motion).
    /// Stall retries made since a clinician last resumed delivery (`resume(at:)`): kept across
    /// every other stop and across restarts (checkpointed), so a watchdog restart loop during a
    /// persistent stall still runs out of retries and latches.
    public internal(set) var stallRetriesUsed = 0

    /// A session for a rig whose pump has pushed `position` picolitres since it started, with the
    /// reservoir as last filled and the catheter either primed with that drug or not.
    public init(
        rig: RigConfiguration, fill: ReservoirFill, pathPrimed: Bool, battery: BatteryThresholds,
        guardToleranceSteps: Int64 = 2, clock: ClockReading
    ) {
        self.rig = rig
        self.nominalStepVolume = rig.stepVolume
        self.fill = fill
        self.clock = clock
        self.hourClosing = HourClosing(openAt: clock.wall.unixNanoseconds)
        let history = TipConcentrationHistory(
            deadVolume: rig.deadVolume, reservoir: fill.drug.concentration, pathPrimed: pathPrimed, position: fill.position)
        self.planner = MeteringPlanner(stepVolume: rig.stepVolume, history: history, clock: clock, position: fill.position)
        self.overinfusionGuard = OverinfusionGuard(
            toleranceSteps: guardToleranceSteps, deadVolume: rig.deadVolume, reservoir: fill.drug.concentration,
            pathPrimed: pathPrimed, position: fill.position, clock: clock)
        self.ledger = DeliveryLedger(
            position: fill.position, concentrationAtTip: planner.concentrationAtTip, at: clock.monotonic)
        self.battery = BatteryMonitor(thresholds: battery)
        patientBolusStarts.reserveCapacity(64)
    }

    /// Replaces the drug library and the clinical policy (profile load or reload). Changes no
    /// delivery: the active program stays; the next review is checked against these.
    public mutating func configure(library: DrugLibrary?, policy: TherapyPolicy) {
        drugLibrary = library
        self.policy = policy
    }

    // MARK: - Queries

    public var reservoirRemaining: Volume { fill.remaining(atPosition: planner.commandedPosition) }

    public var reservoirLevel: ReservoirLevel {
        ReservoirLevel.of(
            remaining: reservoirRemaining, lowAlarm: prescription?.lowReservoirAlarm ?? .zero,
            emptyThreshold: rig.emptyThreshold)
    }

    /// The flow the planner is delivering now.
    public var currentRate: VolumeRate { VolumeRate(picolitresPerDay: planner.rate) }

    /// Dates of the low-reservoir alarm and of empty under the current program (nil when stopped
    /// or not programmed).
    public var forecast: ReservoirForecast {
        guard let prescription, mode != .stopped(.clinician), mode != .stopped(.alarm) else { return ReservoirForecast() }
        return ReservoirForecast.predict(
            remaining: reservoirRemaining, prescription: prescription, concentration: fill.drug.concentration,
            emptyThreshold: rig.emptyThreshold, from: clock.wall)
    }

    /// When the control loop must next act. Never allocates.
    /// While therapy a person stopped stays stopped, the loop wakes when the left-stopped
    /// reminder falls due.
    public func nextStep() -> NextStep {
        guard case .stopped = mode else { return planner.nextStep() }
        return leftStoppedReminderDue.map(NextStep.replanAt) ?? .never
    }

    /// `nextStep()` for a session stored in a class (the control loop's): a nonmutating call on
    /// such a property copies the whole session first, a mutating one works in place (issue 13:
    /// a copy at every wake). Changes nothing.
    public mutating func nextStepInPlace() -> NextStep { nextStep() }

    /// Whether `takeEvents()` has anything to give. A read: the control loop asks it after every
    /// wake, where the mutating `takeEvents()` on its session would count as a change of the
    /// session and cost the next wake its cached plan (issue 13).
    public var hasPendingEvents: Bool { !events.isEmpty }

    /// Events since the last call, oldest first. With none waiting it returns an empty array
    /// without allocating (the control loop asks at every wake).
    public mutating func takeEvents() -> [TherapyEvent] {
        guard !events.isEmpty else { return [] }
        defer { events = [] }
        return events
    }

    // MARK: - Shared internals

    /// Brings the planner and the clock to `reading` and turns what the planner did on its own
    /// (bolus and priming completions, dropped backlog) into events, missed volume and mode
    /// changes. A reading taken a moment before the last one (a command racing the loop) is
    /// applied at the last monotonic instant: time never runs backwards.
    mutating func advance(to reading: ClockReading) {
        var reading = reading
        if reading.monotonic < clock.monotonic { reading.monotonic = clock.monotonic }
        let jump = planner.observeClock(reading)
        overinfusionGuard.observeClock(reading)
        ledger.rollForward(to: reading.monotonic)
        clock = reading
        if abs(jump.nanoseconds) >= TimeSpan.second.nanoseconds { emit(.wallClockJumped(by: jump)) }
        collectPlannerEvents()
        accountDrops()
        remindIfLeftStopped()
        if HourClosing.hourStart(of: clock.wall.unixNanoseconds) != hourClosing.openHour {
            let state = closedHourState
            hourClosing.close(at: clock.wall, state: state)
        }
    }

    /// The state a closed hour records.
    var closedHourState: ClosedHour.State {
        ClosedHour.State(rate: currentRate, reservoir: reservoirRemaining, mode: mode, programmed: prescription != nil)
    }

    /// Records as missed what the planner dropped instead of catching up.
    mutating func accountDrops() {
        let whole = (planner.droppedPicolitres - accountedDrops) / 1_000 * 1_000
        guard whole > 0 else { return }
        ledger.recordMissed(Volume(nanolitres: whole / 1_000))
        accountedDrops += whole
    }

    /// Critical alarms that keep delivery stopped.
    var blockingAlarms: [AlarmKind] { alarms.activeAlarms.filter { $0.severity == .critical }.map(\.kind) }

    mutating func collectPlannerEvents() {
        planner.takeEvents(into: &plannerEvents)
        for event in plannerEvents {
            switch event {
            case .taskCompleted(.priming, _, let moved, _):
                settlePriming(taskVolume: moved)
            case .taskCompleted(.lineTest, _, _, _), .taskCompleted(.calibrationRun, _, _, _):
                break  // the last step may still be owed: settleBenchTask judges once it is made
            case .taskInterrupted(.lineTest, let delivered, _, _):
                lineTestCutShort(delivered: delivered)
            case .taskInterrupted(.calibrationRun, _, _, _):
                finishCalibrationRun(completed: false)
            case .taskCompleted(let kind, _, let moved, _):
                emit(.bolusCompleted(kind, volume: moved))
            case .taskInterrupted(let kind, let delivered, let planned, _):
                emit(.bolusInterrupted(kind, delivered: delivered, planned: planned))
            case .periodicBolusStarted(let volume, _):
                if let dose = prescription?.periodicBolus {
                    emit(.bolusStarted(.periodicBolus, dose: dose.dose, volume: volume, duration: dose.duration))
                }
            case .periodicBolusSkipped:
                emit(.periodicBolusSkipped)
            }
        }
        settleBenchTask()
    }

    /// Once priming's time is up: completes it when its volume has been commanded; waits for a
    /// step still owed (granted next, though delivery is otherwise stopped); primes again what
    /// was dropped for a late wake, since drug-free fluid left ahead of the tip would keep
    /// therapy from starting. Nothing of this is drug: priming never pushes past the drug-free volume.
    mutating func settlePriming(taskVolume: Volume? = nil) {
        guard case .priming(let thenRun) = mode, planner.priming == nil else { return }
        guard let span = primingSpan else {
            if let taskVolume { finishPriming(thenRun: thenRun, volume: taskVolume) }
            return
        }
        let step = planner.stepVolume.picolitres
        if planner.targetPosition >= planner.commandedPosition + step { return }  // a step is owed: made next
        // What was dropped, in whole steps: with the progress already made towards the next step,
        // the make-up brings the commanded position to the end exactly.
        let missing = span.end - planner.commandedPosition
        if missing >= step {
            let shortfall = Volume(nanolitres: (missing + 999) / 1_000)
            let makeUp = VolumeTask(kind: .priming, volume: shortfall, at: rig.primingRate, from: clock.monotonic)
            if (try? planner.startPriming(makeUp)) != nil {
                overinfusionGuard.primingAuthorised(volume: shortfall, at: rig.primingRate, at: clock)
                return
            }
        }
        finishPriming(thenRun: thenRun, volume: Volume(nanolitres: (planner.commandedPosition - span.start) / 1_000))
    }

    private mutating func finishPriming(thenRun: Bool, volume: Volume) {
        primingSpan = nil
        emit(.primingCompleted(volume: volume))
        mode = .stopped(.idle)
        overinfusionGuard.stopped(at: clock)
        stoppedAt = stoppedAt ?? clock  // priming while stopped never restarts the stopped interval
        if thenRun { startOrReport() } else if prescription != nil { mode = .stopped(.clinician) }
    }

    /// Starts delivery, or says in an event why it could not: therapy never stays off silently.
    mutating func startOrReport() {
        do { try startDelivery() } catch {
            emit(.deliveryNotStarted(error))
            // A committed program that cannot start (no drug at the tip, an alarm) is therapy left
            // stopped like any other: owed, counted missed from now, and reminded of.
            if prescription != nil, stoppedAt == nil, mode == .stopped(.idle) { stoppedAt = clock }
        }
    }

    mutating func emit(_ kind: TherapyEvent.Kind) {
        events.append(TherapyEvent(time: clock.wall, kind: kind))
    }
}
