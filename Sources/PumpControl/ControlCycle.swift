public import PumpCore
public import PumpHardware

/// One wake of the control loop: run queued commands, read the sensors that are due, judge them,
/// move the motor for every step the therapy session grants, and say when to wake next.
///
/// Synchronous and clock-agnostic: the real-time thread calls `wake(at:)` at its deadlines; a
/// virtual-clock harness calls it directly. Fail-safe: the motor is disabled before the first
/// step, whenever delivery is not running, on every critical alarm and at shutdown; every fault
/// raises an alarm carrying its evidence.
///
/// Callers: one thread at a time (the loop thread owns it).
public final class ControlCycle {
    @exclusivity(unchecked) public internal(set) var session: TherapySession {
        didSet {
            otherWorkDue = Self.fullWakeNeeded  // changed outside a full wake: the next one is full
            quietUntil = Self.fullWakeNeeded
            nextStepCache = nil
        }
    }
    public let rig: RigIO
    /// As built, except the thresholds a reload retuned (`retune(_:)`).
    public var settings: ControlSettings {
        var current = built
        current.occlusionThresholdPascals = occlusion.thresholdPascals
        current.occlusionConfirmSamples = occlusion.confirmSamples
        return current
    }
    /// The settings as built. A `let`, so the wake path reads it with no exclusivity check (each
    /// access to a `var` of a class costs one: a visible part of every wake, issue 13); the
    /// occlusion thresholds a reload retunes are the detector's (`occlusion`).
    let built: ControlSettings
    public let inbox: CommandInbox
    @exclusivity(unchecked) public private(set) var motorEnabled = false
    /// Steps the motor actually made (granted and moved without error).
    @exclusivity(unchecked) public internal(set) var stepsMoved: Int64 = 0
    /// Notes each commanded step's position before the motor moves (nil: none kept).
    public var positionJournal: (any StepPositionJournal)?

    // The loop's own state below is read and written at every wake, only by this class's methods
    // on the loop thread, never from a closure and never passed `inout` to code that could reach
    // it again: no two accesses can overlap. So it goes without Swift's dynamic exclusivity check,
    // which cost a runtime call per access (about a sixth of a virtual-clock wake, issue 13).
    // The same holds for the session, the counters, the alarm outputs' state and the command
    // buffer, each marked below: the closures that get the session `inout` (`perform`,
    // `CommandInbox.Command`) are `@Sendable` or come from the runner's `Sendable` API, and a
    // `ControlCycle` is not `Sendable`, so none can hold the cycle and reach the session again
    // inside that access; `annunciation.inPlace`'s one body touches only its argument.
    @exclusivity(unchecked) var occlusion: OcclusionDetector
    @exclusivity(unchecked) var batteryAverage: MovingAverage
    @exclusivity(unchecked) var pressureStuck: StuckSensorDetector
    @exclusivity(unchecked) var batteryStuck: StuckSensorDetector
    @exclusivity(unchecked) var nextPressurePoll = MonotonicInstant.distantFuture
    @exclusivity(unchecked) var nextBatteryPoll = MonotonicInstant.distantFuture
    @exclusivity(unchecked) var nextSwitchPoll = MonotonicInstant.distantFuture
    /// Sensors currently failing, by source, split by whether they guard safety.
    @exclusivity(unchecked) var failingSafetySensors = Set<String>()
    @exclusivity(unchecked) var failingOtherSensors = Set<String>()
    @exclusivity(unchecked) var commands: [CommandInbox.CycleCommand] = []
    /// Clear samples counted towards a running line test's pass (ControlCycle+LineTest).
    @exclusivity(unchecked) var lineTestWatch = LineTestWatch()
    /// The deadline the last wake asked for, to tell a stall (a wake far later than asked).
    @exclusivity(unchecked) var lastDeadline: MonotonicInstant?
    /// Motion verification and stall retries (ControlCycle+Motion).
    @exclusivity(unchecked) var motion = MotionMonitor()
    /// The earliest instant anything but the alarm outputs is due (polls, motion, the next step),
    /// as of the last wake: before it, with no command waiting, a wake only drives the outputs.
    @exclusivity(unchecked) var otherWorkDue: MonotonicInstant = fullWakeNeeded
    /// `session.nextStep()` as of the session's last change (nil: changed since). Asking the
    /// session copies all of it (a struct held by a class), and a wake asks two or three times;
    /// the planner's answer also copies the planner to look ahead. A tick that leaves the plan as
    /// it was keeps it (`tickKeepingPlan`).
    @exclusivity(unchecked) private var nextStepCache: NextStep?
    /// Off: every tick and every `takeEvents()` drops the cached plan, as before issue 13's
    /// round 3. For the test that compares both, wake by wake.
    var keepsPlanAcrossTicks = true
    /// How often the session was asked for its next step (the cache missed): a test's measure.
    private(set) var planQueries: Int64 = 0
    static let fullWakeNeeded = MonotonicInstant(nanoseconds: .min)
    /// Until when a wake may be quiet (`quietWake`), as planned by the last full wake
    /// (`planQuietWakes`); `fullWakeNeeded` after any change to the session.
    @exclusivity(unchecked) var quietUntil: MonotonicInstant = fullWakeNeeded
    /// Whether the last wake was quiet: it left the session as the full wake before it did (its
    /// clock too), so there is nothing new to publish.
    @exclusivity(unchecked) public internal(set) var lastWakeWasQuiet = false
    /// Off: every wake but an outputs-only one runs in full, as before issue 13's round 4. For the
    /// test that compares both, wake by wake.
    @exclusivity(unchecked) var takesQuietWakes = true
    /// Longest a run of quiet wakes lasts: the real-time loop's session (and the status built
    /// from it) is brought to the present at least this often, as the heartbeat shows the loop
    /// alive. A virtual-clock driver, which publishes the session only after its last wake of a
    /// span (`wakeFully`), sets it longer.
    @exclusivity(unchecked) public var quietSpan = TimeSpan.seconds(1)
    /// Wakes so far, those that only drove the alarm outputs (the cheap path in `wake`), and the
    /// quiet ones (`quietWake`).
    @exclusivity(unchecked) public internal(set) var quietWakeCount: Int64 = 0
    @exclusivity(unchecked) public internal(set) var wakeCount: Int64 = 0
    @exclusivity(unchecked) public internal(set) var outputsOnlyWakeCount: Int64 = 0
    /// Alarm outputs (issue 14): ControlCycle+Annunciation.swift, ControlCycle+SelfTest.swift.
    @exclusivity(unchecked) public internal(set) var annunciation = AnnunciationState()
    /// Most steps made in one wake: a late wake catches up on owed steps in a bounded burst.
    static let maximumStepsPerWake = 16

    public init(session: TherapySession, rig: RigIO, settings: ControlSettings, inbox: CommandInbox = CommandInbox()) {
        self.session = session
        self.rig = rig
        self.built = settings
        self.inbox = inbox
        occlusion = OcclusionDetector(thresholdPascals: settings.occlusionThresholdPascals, confirmSamples: settings.occlusionConfirmSamples)
        batteryAverage = MovingAverage(count: settings.batteryAverageOf)
        pressureStuck = StuckSensorDetector(limit: settings.stuckAfterSamples)
        batteryStuck = StuckSensorDetector(limit: settings.stuckAfterSamples)
        commands.reserveCapacity(16)
    }

    /// Puts the motor in its safe state and schedules the first sensor polls. Call before the
    /// first `wake`; nothing moves until it succeeded.
    public func start(at reading: ClockReading) throws(HardwareError) {
        try rig.motor.disable()
        motorEnabled = false
        nextPressurePoll = rig.pressure == nil ? .distantFuture : reading.monotonic
        nextBatteryPoll = rig.battery == nil ? .distantFuture : reading.monotonic
        let hasSwitches = rig.occlusionSwitch != nil || rig.reservoirSwitch != nil || rig.driverFault != nil
        nextSwitchPoll = hasSwitches ? reading.monotonic : .distantFuture
        startMotion(at: reading)
        annunciation.annunciator.settings = built.annunciation
        if annunciation.selfTestAtStart { powerOnSelfTest(at: reading) }
        session.tick(at: reading)
    }

    /// Runs everything due at `reading` and returns the next instant the loop must wake.
    @discardableResult
    public func wake(at reading: ClockReading) -> MonotonicInstant {
        wake(at: reading, mayBeQuiet: mayWakeQuietly(at: reading))
    }

    /// `wake(at:)` with `mayWakeQuietly(at: reading)` already asked: the real-time loop asks it
    /// once, before the wake, to know whether to withdraw the published session.
    func wake(at reading: ClockReading, mayBeQuiet: Bool) -> MonotonicInstant {
        // Before anything else advances the session, so the stall's missed volume is its own.
        if let deadline = lastDeadline, reading.monotonic - deadline > built.stallThreshold {
            session.recordStall(since: deadline, at: reading)
        }
        wakeCount += 1
        // A wake for a buzzer or lamp edge alone (≈5 a second under a high alarm) skips the session
        // tick, polls and step checks: none is due, nothing changed the session since the last full
        // wake, so they would do nothing (as before alarm outputs existed, when no such wake was).
        if reading.monotonic < otherWorkDue, !inbox.hasPending {
            annunciate(at: reading)
            if reading.monotonic < otherWorkDue {  // the outputs left the session as it was
                outputsOnlyWakeCount += 1
                // Not quiet: the loop withdrew the session before this wake (`mayWakeQuietly` said
                // no), so it must publish it again even though the outputs left it as it was.
                lastWakeWasQuiet = false
                let next = nextDeadline()
                lastDeadline = next
                return next
            }
        }
        if mayBeQuiet, let next = quietWake(at: reading) { return next }
        lastWakeWasQuiet = false
        runCommands(at: reading)
        tickKeepingPlan(at: reading)
        pollSensors(at: reading)
        motionWake(at: reading)
        benchTaskWake(at: reading)
        stepWhileDue(at: reading)
        syncMotorEnable()
        annunciate(at: reading)  // after the motor: it never waits on the buzzer
        let next = nextDeadline()
        planQuietWakes(at: reading)
        lastDeadline = next
        return next
    }

    /// A sensor-poll wake (nearly every wake of an idle pump), for a wake `mayWakeQuietly` allowed:
    /// reads and judges the sensors due and nothing else, leaving the session where the last full
    /// wake brought it. `quietUntil` bounds such wakes: no alarm standing, no step, re-plan instant,
    /// planner boundary, stall retry, bench task, failed disable, alarm-output edge or session
    /// change since the last full wake, and within `quietSpan` of it. A poll that changes the
    /// session (an alarm raised, a cause cleared) makes this a full wake (nil), whose own poll
    /// then finds nothing due. Skipping the session's tick changes nothing: between boundaries the
    /// session advances the same in one tick as in many (`QuietWakeTests` compares both, wake by
    /// wake).
    private func quietWake(at reading: ClockReading) -> MonotonicInstant? {
        pollSensors(at: reading)
        motionWake(at: reading)
        guard reading.monotonic < quietUntil else { return nil }  // a poll changed the session
        quietWakeCount += 1
        lastWakeWasQuiet = true
        let next = nextDeadline()
        lastDeadline = next
        return next
    }

    /// Whether a wake at `reading` starts quiet (`quietWake`): before `quietUntil`, no command
    /// waiting, on the wall-clock hour and clock offset the session last saw (a wall-clock step or
    /// a new hour is the session's to see at once). Loop thread only.
    func mayWakeQuietly(at reading: ClockReading) -> Bool {
        guard reading.monotonic < quietUntil, !inbox.hasPending else { return false }
        let seen = session.clock
        return seen.wallTime(at: reading.monotonic) == reading.wall
            && HourClosing.hourStart(of: reading.wall.unixNanoseconds) == HourClosing.hourStart(of: seen.wall.unixNanoseconds)
    }

    /// After a full wake: until when the wakes that follow may be quiet (`quietWake`).
    private func planQuietWakes(at reading: ClockReading) {
        // With any alarm standing, every wake is full: the alarm outputs are driven (and a failed
        // drive retried) at every wake, as before quiet wakes.
        guard takesQuietWakes, session.alarms.active.isEmpty, !stepsHeldForRetry, !lineTestWatch.strictCounting,
            let planned = nextStepCache
        else {
            quietUntil = Self.fullWakeNeeded
            return
        }
        switch session.mode {
        case .running: break
        case .stopped where !motorEnabled: break
        default:
            // Priming and the bench tasks are judged at every wake, and a stopped motor whose
            // disable failed is driven safe again at every wake (`syncMotorEnable`).
            quietUntil = Self.fullWakeNeeded
            return
        }
        // The planner's next boundary too: a bolus ending or a periodic bolus starting between
        // steps is an event the session records at the wake that crosses it.
        var until = min(reading.monotonic + quietSpan, annunciationDeadline, session.planner.segmentEnd)
        switch planned {
        case .due(let instant), .replanAt(let instant): until = min(until, instant)
        case .never: break
        }
        quietUntil = until
    }

    /// `wake(at:)`, never a quiet one: the session is brought to `reading`, for a driver that
    /// publishes it next (the end of a span of virtual time).
    @discardableResult
    public func wakeFully(at reading: ClockReading) -> MonotonicInstant {
        quietUntil = Self.fullWakeNeeded
        return wake(at: reading)
    }

    /// Stops delivery and leaves the motor disabled and the buzzer and lamps off; for shutdown.
    /// Running therapy is recorded as stopped for shutdown (not by a clinician), so the next start
    /// resumes it.
    public func shutdown(at reading: ClockReading) {
        session.suspendForShutdown(at: reading)
        forceDisable()
        annunciationOff(at: reading)
    }

    /// A summary for status lines, taken on the loop thread.
    public func snapshot() -> CycleSnapshot { snapshot(annunciation: annunciationSnapshot()) }

    /// The session with the loop state that goes with it, for status replies (loop thread).
    public func sessionSnapshot() -> SessionSnapshot { sessionSnapshot(annunciation: annunciationSnapshot()) }

    /// A summary for status lines with the alarm outputs' state already read: the end of a wake
    /// reads them once for both snapshots (loop thread).
    func snapshot(annunciation: AnnunciationSnapshot?) -> CycleSnapshot {
        CycleSnapshot(
            mode: session.mode, rate: session.currentRate, delivered: session.ledger.deliveredMass,
            reservoir: session.reservoirRemaining, stepsMoved: stepsMoved,
            alarms: AlarmKindSet(session.alarms), wall: session.clock.wall, annunciation: annunciation)
    }

    /// The session snapshot with the alarm outputs' state already read (loop thread).
    func sessionSnapshot(annunciation: AnnunciationSnapshot?) -> SessionSnapshot {
        SessionSnapshot(session: session, stepsMoved: stepsMoved, annunciation: annunciation)
    }

    /// Therapy events since the last call (loop thread). With none waiting, the session is only
    /// read: taking nothing is no change, and must not cost the next wake its cached plan (the
    /// real-time loop asks after every wake).
    /// In place of `takeEvents` after a quiet wake, which has no events (any event makes a wake
    /// full): leaves the next wake a full one as `takeEvents` does, so a wake before the next poll
    /// (the heartbeat, an interrupted wait) still sees a wall-clock step at once.
    func quietWakeHandedOver() {
        if keepsPlanAcrossTicks { otherWorkDue = Self.fullWakeNeeded }
    }

    public func takeEvents() -> [TherapyEvent] {
        guard !keepsPlanAcrossTicks || session.hasPendingEvents else {
            // As when the session was taken from: the real-time loop's next wake is a full one,
            // its buzzer and lamp edges included, so the session's clock (and the status's)
            // advances at every wake there as before. Whether it may skip them, as the virtual
            // clock's driver (which takes no events between wakes) does, is not this change's.
            otherWorkDue = Self.fullWakeNeeded
            return []
        }
        return session.takeEvents()
    }

    /// Applies a command right away on the calling (loop) thread; for harnesses and start-up.
    public func apply(_ command: CommandInbox.Command, at reading: ClockReading) {
        perform(at: reading) { session, now in command(&session, now) }
    }

    /// Runs `body` against the session right away on the calling (loop) thread and returns its
    /// result; for drivers that own the loop thread (the virtual-clock runner).
    public func perform<Result>(at reading: ClockReading, _ body: (inout TherapySession, ClockReading) -> Result) -> Result {
        let result = body(&session, reading)
        syncMotorEnable()
        return result
    }

    /// The judgement thresholds in force: the occlusion detector's and the battery monitor's.
    public var thresholds: SensorThresholds {
        SensorThresholds(
            occlusionThresholdPascals: occlusion.thresholdPascals, occlusionConfirmSamples: occlusion.confirmSamples,
            battery: session.battery.thresholds)
    }

    /// Judges sensors by `thresholds` from the next sample on, without stopping delivery (a
    /// profile reload); returns the thresholds it replaced. A confirmed occlusion stays confirmed
    /// until samples below the new threshold clear it; the battery level is judged again at its
    /// next averaged reading. Loop thread only (an inbox cycle command, or a driver that owns it).
    @discardableResult
    public func retune(_ thresholds: SensorThresholds) -> SensorThresholds {
        let previous = self.thresholds
        occlusion = occlusion.retuned(thresholdPascals: thresholds.occlusionThresholdPascals, confirmSamples: thresholds.occlusionConfirmSamples)
        session.retuneBattery(thresholds.battery)
        return previous
    }

    /// Replaces the session's drug library and policy (a profile reload); returns those it
    /// replaced. Changes no delivery. Loop thread only, like `retune(_:)`.
    @discardableResult
    public func configureTherapy(library: DrugLibrary?, policy: TherapyPolicy) -> (library: DrugLibrary?, policy: TherapyPolicy) {
        let previous = (session.drugLibrary, session.policy)
        session.configure(library: library, policy: policy)
        return previous
    }

    // MARK: - Steps

    private func stepWhileDue(at reading: ClockReading) {
        guard !stepsHeldForRetry else { return }
        for _ in 0..<Self.maximumStepsPerWake {
            guard case .due(let due) = sessionNextStep(), due <= reading.monotonic else { return }
            guard ensureMotorEnabled(at: reading) else { return }
            do {
                _ = try session.commandStep(at: reading)
            } catch {
                return  // refused: the session raised what it had to and stopped if needed
            }
            let position = session.planner.commandedPosition
            positionJournal?.hoursClosed(session.hourClosing)
            positionJournal?.commanded(position: position, at: reading.monotonic)
            let moved = moveOneStep(at: reading)
            // Until this note, a death leaves the step in doubt (the motor may not have moved).
            positionJournal?.made(position: position)
            guard moved else { return }
        }
    }

    private func ensureMotorEnabled(at reading: ClockReading) -> Bool {
        if motorEnabled { return true }
        motionWillEnable(at: reading)
        if case .stopped = session.mode { return false }  // what moved while off raised a critical alarm
        do {
            try rig.motor.enable()
            motorEnabled = true
            return true
        } catch {
            motorFailed(error, at: reading)
            return false
        }
    }

    /// A motor call failed. The step it was making was already accounted as commanded: counting
    /// an unmade step errs on the safe side for the reservoir, and delivery stops here anyway.
    func motorFailed(_ error: HardwareError, at reading: ClockReading) {
        switch error {
        case .stall:
            motorStalled(evidence: error.description, unseen: 1, at: reading)
            return
        default: session.raiseAlarm(.driverFault, evidence: "motor \(rig.motor.name): \(error)", at: reading)
        }
        forceDisable()
    }

    /// Keeps ENABLE in step with the session: disabled whenever delivery is stopped.
    private func syncMotorEnable() {
        if case .stopped = session.mode, motorEnabled { forceDisable() }
    }

    /// Drives ENABLE safe. When that fails, the motor counts as still enabled, so every wake
    /// tries again (and re-raises the alarm) until it succeeds; the hardware's pull-down on ENABLE
    /// is the last line meanwhile (see the profile comments).
    func forceDisable() {
        let wasEnabled = motorEnabled
        do {
            try rig.motor.disable()
            motorEnabled = false
            if wasEnabled { motionDidDisable() }
        } catch {
            motorEnabled = true
            session.raiseAlarm(.driverFault, evidence: "could not disable motor \(rig.motor.name): \(error)", at: session.clock)
        }
    }

    /// Clears `kind`'s cause when it has one. A poll that finds its input quiet (nearly every
    /// poll) then leaves the session alone: `clearAlarmCause` would only advance it again to the
    /// instant this wake's tick already brought it to, which changes nothing and cost a tenth of a
    /// virtual-clock soak (issue 13). With no alarm at all (every quiet wake) the book is not
    /// hashed into: up to three lookups per idle wake, each through the hasher's cold code.
    func clearCauseIfPresent(_ kind: AlarmKind, at reading: ClockReading) {
        guard !session.alarms.active.isEmpty, session.alarms.active[kind]?.causePresent == true else { return }
        session.clearAlarmCause(kind, at: reading)
    }

    // MARK: - Commands

    func runCommands(at reading: ClockReading) {
        inbox.drain(into: &commands)
        guard !commands.isEmpty else { return }
        for command in commands { command(self, reading) }
        commands.removeAll(keepingCapacity: true)
    }

    // MARK: - Deadlines

    /// Brings the session to `reading` (`TherapySession.tick`), keeping the cached next step when
    /// the tick left the plan as it was: same plan revision (no segment boundary crossed, no
    /// wall-clock step, nothing dropped) and the same delivery mode, not stopped (a stopped
    /// session's next instant is its left-stopped reminder, which alarms move). Within a segment
    /// the due instant does not move as time passes (`MeteringPlanner.planRevision`), so the
    /// kept answer is the one asking again would give: nearly every sensor-poll wake then asks
    /// the session nothing.
    private func tickKeepingPlan(at reading: ClockReading) {
        let mode = session.mode
        guard keepsPlanAcrossTicks, let cached = nextStepCache, mode.keepsPlanAcrossTicks else {
            session.tick(at: reading)
            return
        }
        let revision = session.planner.planRevision
        session.tick(at: reading)  // `didSet` drops the cache
        if session.planner.planRevision == revision, session.mode == mode { nextStepCache = cached }
    }

    /// `session.nextStep()`, asked of the session only once per change of it, in place (a
    /// nonmutating call would copy the session). The in-place access counts as a change to
    /// `didSet`, whose resets are harmless here: the cache is filled just below, and
    /// `otherWorkDue` is set by `nextDeadline` at the end of every wake.
    private func sessionNextStep() -> NextStep {
        if let cached = nextStepCache { return cached }
        planQueries &+= 1
        let next = session.nextStepInPlace()
        nextStepCache = next
        return next
    }

    private func nextDeadline() -> MonotonicInstant {
        var next = min(nextPressurePoll, nextBatteryPoll, nextSwitchPoll, motionDeadline)
        if !stepsHeldForRetry {  // a due step waits for the retry's spacing
            switch sessionNextStep() {
            case .due(let due), .replanAt(let due): next = min(next, due)
            case .never: break
            }
        }
        otherWorkDue = next
        return min(next, annunciationDeadline)
    }
}

private extension DeliveryMode {
    /// Not stopped: the session's next step is the planner's (see `tickKeepingPlan`).
    var keepsPlanAcrossTicks: Bool {
        if case .stopped = self { return false }
        return true
    }
}
