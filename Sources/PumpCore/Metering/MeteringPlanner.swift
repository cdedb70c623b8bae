/// Plans motor steps so that delivered volume tracks the programmed cumulative volume.
///
/// The planner integrates the programmed flow exactly, in integers, over the monotonic time base:
/// the target volume is kept as picolitres × (nanoseconds per day), so a year of delivery does not
/// lose a single picolitre to rounding. A step is due the instant the target reaches the volume
/// already commanded plus one step: delivered volume is therefore never ahead of the target and
/// never more than one step behind it.
///
/// Flow is piecewise constant: the planner keeps the current *segment* (constant total rate) and
/// its end — a schedule boundary on the wall clock, a bolus or priming completion, a periodic bolus
/// start, or the moment a new concentration reaches the catheter tip (the end of a bridge). Within
/// a segment every step time is one division away, so asking for the next step costs O(1) and
/// never allocates.
///
/// Callers: the therapy session alone mutates a planner, always with non-decreasing instants.
public struct MeteringPlanner: Sendable {
    static let nanosecondsPerDay = Int128(TimeSpan.day.nanoseconds)
    /// Segments examined ahead before answering `.replanAt` instead of `.due`.
    static let lookaheadSegments = 64

    public private(set) var stepVolume: StepVolume
    public private(set) var history: TipConcentrationHistory
    /// The latest pair of clock readings; maps schedule times to monotonic instants.
    public private(set) var clock: ClockReading

    public private(set) var basal: BasalProgram = .none
    public private(set) var basalEnabled = false
    public private(set) var periodic: PeriodicBolus?
    public private(set) var nextPeriodicStart = MonotonicInstant.distantFuture
    /// When the last periodic bolus was due, kept across stops so a resume never repeats one early.
    public private(set) var lastPeriodicStart: MonotonicInstant?
    /// Programmed volume dropped rather than caught up (a late wake, a refused step), exactly, in
    /// picolitres × nanoseconds-per-day.
    private var dropped: Int128 = 0

    /// Programmed volume that could not be delivered in time and was dropped rather than caught
    /// up, in picolitres since the planner was made.
    public var droppedPicolitres: Int64 { Int64(dropped / Self.nanosecondsPerDay) }
    public private(set) var periodicEpisode: VolumeTask?
    public private(set) var onDemandBolus: VolumeTask?
    public private(set) var priming: VolumeTask?
    /// The last task of each kind that ended: what the motor moved for it, and whether it
    /// completed (false: cut short).
    public private(set) var lastEnded: [VolumeTask.Kind: (moved: Volume, completed: Bool)] = [:]

    /// Where the current segment starts; every mutation first advances the plan to its instant.
    public private(set) var segmentStart: MonotonicInstant
    /// Cumulative target since the rig started, in picolitres × nanoseconds-per-day.
    private var accumulated: Int128
    /// Pump position already commanded, in picolitres (sum of the step volumes of issued steps).
    public private(set) var commandedPosition: Int64
    /// Total flow in the current segment, picolitres per day.
    public private(set) var rate: Int64 = 0
    /// The basal part of `rate`.
    public private(set) var basalRate: Int64 = 0
    /// Where the current segment ends: the next instant the planner acts on its own (a task
    /// ending, a periodic bolus starting, a schedule step, a bridge ending) and reports it as an
    /// event; `distantFuture` when nothing is scheduled.
    public private(set) var segmentEnd = MonotonicInstant.distantFuture
    /// Changes whenever `nextStep()` may answer differently other than by time passing within the
    /// current segment: every re-plan (a segment boundary crossed, a wall-clock step, a command),
    /// a step recorded, volume dropped, a new step volume. Within a segment the due instant does
    /// not move as the plan advances (the target grows by exactly `rate` per nanosecond), so an
    /// answer stays right while this is unchanged and the instant it named is not reached: the
    /// control loop keeps it across the ticks of its sensor polls (issue 13).
    public private(set) var planRevision: UInt64 = 0
    private var recordsEvents = true
    private var events: [PlannerEvent] = []

    /// A stopped planner at pump position `position` (picolitres pushed since the rig started).
    public init(stepVolume: StepVolume, history: TipConcentrationHistory, clock: ClockReading, position: Int64 = 0) {
        self.stepVolume = stepVolume
        self.history = history
        self.clock = clock
        self.segmentStart = clock.monotonic
        self.accumulated = Int128(position) * Self.nanosecondsPerDay
        self.commandedPosition = position
        resegment()
    }

    // MARK: - Queries

    /// The cumulative volume the planner is tracking at the current segment start, in picolitres.
    public var targetPosition: Int64 { Int64(accumulated / Self.nanosecondsPerDay) }

    /// Everything the program has asked for so far, delivered or dropped, in picolitres.
    public var programmedPosition: Int64 { Int64((accumulated + dropped) / Self.nanosecondsPerDay) }

    /// `programmedPosition` at `instant` (≥ `segmentStart`).
    public func programmedPosition(at instant: MonotonicInstant) -> Int64 {
        var probe = self
        probe.recordsEvents = false
        probe.advance(to: instant)
        return probe.programmedPosition
    }

    /// The programmed cumulative volume at `instant` (≥ `segmentStart`), in picolitres.
    public func targetPosition(at instant: MonotonicInstant) -> Int64 {
        var probe = self
        probe.recordsEvents = false
        probe.advance(to: instant)
        return probe.targetPosition
    }

    /// What the motor moved for `task` so far, in whole nanolitres: its programmed progress less
    /// the program's shortfall since it began (programmed but not commanded: the step still owed,
    /// volume dropped for a late wake), which is charged to the task first, so a task never
    /// reports more than moved. With basal flow alongside, a step serves both; priming (basal
    /// paused) is exact.
    public func moved(for task: VolumeTask) -> Volume {
        guard let start = task.startPositions else { return task.delivered }
        let shortfall = max((programmedPosition - start.programmed) - (commandedPosition - start.commanded), 0)
        return Volume(nanolitres: max(task.programmedPicolitres - shortfall, 0) / 1_000)
    }

    /// `task` as it begins now, marked with the positions `moved(for:)` measures from.
    private func beginning(_ task: VolumeTask) -> VolumeTask {
        var task = task
        task.startPositions = .init(commanded: commandedPosition, programmed: programmedPosition)
        return task
    }

    /// The concentration leaving the catheter tip now.
    public var concentrationAtTip: Concentration { history.concentrationAtTip(position: targetPosition) }

    /// When the next step is due. Never allocates.
    public func nextStep() -> NextStep {
        let goal = Int128(commandedPosition + stepVolume.picolitres) * Self.nanosecondsPerDay
        if let due = dueWithinSegment(goal: goal) { return .due(due) }
        var probe = self
        probe.recordsEvents = false
        for _ in 0..<Self.lookaheadSegments {
            guard probe.segmentEnd != .distantFuture else { return .never }
            probe.advanceSegment(to: probe.segmentEnd)
            if let due = probe.dueWithinSegment(goal: goal) { return .due(due) }
        }
        return .replanAt(probe.segmentStart)
    }

    private func dueWithinSegment(goal: Int128) -> MonotonicInstant? {
        if accumulated >= goal { return segmentStart }
        guard rate > 0 else { return nil }
        let wait = WideArithmetic.ceilDivide(goal - accumulated, Int128(rate))
        // Due exactly at the segment's end is left to the next segment: crossing the boundary may
        // take back a finishing task's last-nanosecond overshoot, and the step may no longer be due.
        guard wait < Int128(segmentEnd.nanoseconds - segmentStart.nanoseconds) else { return nil }
        return MonotonicInstant(nanoseconds: segmentStart.nanoseconds + Int64(wait))
    }

    /// Moves the events since the last call, oldest first, into `buffer` (whose old contents are
    /// dropped). The two buffers trade storage, so a caller that reuses one buffer never allocates.
    public mutating func takeEvents(into buffer: inout [PlannerEvent]) {
        buffer.removeAll(keepingCapacity: true)
        swap(&buffer, &events)
    }

    // MARK: - Time

    /// Advances the plan to `instant`, crossing every segment boundary on the way. At most one
    /// whole step stays owed (plus progress towards the next): anything beyond — the loop woke
    /// late, steps were refused — is dropped into `droppedPicolitres`, never delivered in a burst.
    public mutating func advance(to instant: MonotonicInstant) {
        precondition(instant >= segmentStart, "the planner's time base never goes backwards")
        while segmentEnd <= instant { advanceSegment(to: segmentEnd) }
        advanceSegment(to: instant)
        let ceiling = Int128(commandedPosition + 2 * stepVolume.picolitres) * Self.nanosecondsPerDay - 1
        if accumulated > ceiling { drop(accumulated - ceiling) }
    }

    /// Gives up the step owed now (it was refused): the program moves on without it.
    public mutating func dropOwedStep(at instant: MonotonicInstant) {
        advance(to: instant)
        let floor = Int128(commandedPosition) * Self.nanosecondsPerDay
        if accumulated > floor { drop(accumulated - floor) }
    }

    private mutating func drop(_ amount: Int128) {
        planRevision &+= 1
        accumulated -= amount
        dropped += amount
    }

    /// Records that one step was commanded at `instant`.
    ///
    /// - Throws: `MeteringError.stepNotDue` when the step would put delivery ahead of the target;
    ///   nothing changes then.
    public mutating func recordStep(at instant: MonotonicInstant) throws(MeteringError) {
        advance(to: instant)
        let next = commandedPosition + stepVolume.picolitres
        guard accumulated >= Int128(next) * Self.nanosecondsPerDay else {
            throw .stepNotDue(commanded: commandedPosition, target: targetPosition, step: stepVolume)
        }
        commandedPosition = next
        planRevision &+= 1
    }

    /// Takes a new pair of clock readings. Metering is unaffected; a wall-clock step or a change of
    /// UTC offset re-evaluates which schedule step is in force from now on.
    ///
    /// - Returns: how far the wall clock moved relative to the monotonic clock since the last
    ///   reading (zero when it kept pace).
    @discardableResult
    public mutating func observeClock(_ reading: ClockReading) -> TimeSpan {
        advance(to: reading.monotonic)
        let jump = reading.wall - clock.wallTime(at: reading.monotonic)
        let offsetChanged = reading.wall.utcOffsetSeconds != clock.wall.utcOffsetSeconds
        clock = reading
        if offsetChanged || jump.nanoseconds != 0 { resegment() }
        return jump
    }

    // MARK: - Commands (each applies at `instant`, which must not precede `segmentStart`)

    /// Replaces the basal program; does not start or stop delivery.
    public mutating func setBasal(_ program: BasalProgram, at instant: MonotonicInstant) {
        advance(to: instant)
        basal = program
        resegment()
    }

    /// Replaces the periodic bolus; the first one starts `firstStartDelay` from now if running.
    /// Setting the same periodic bolus again keeps its phase.
    public mutating func setPeriodic(_ bolus: PeriodicBolus?, at instant: MonotonicInstant) {
        advance(to: instant)
        guard bolus != periodic else { return }
        periodic = bolus
        if let episode = periodicEpisode { interrupt(episode, at: instant); periodicEpisode = nil }
        nextPeriodicStart = basalEnabled ? firstPeriodicStart(at: instant) : .distantFuture
        resegment()
    }

    /// Sets when the last periodic bolus was due (a restore), before delivery starts.
    mutating func restorePeriodicPhase(lastStart: MonotonicInstant?) {
        lastPeriodicStart = lastStart
        planRevision &+= 1
    }

    /// Starts basal and periodic delivery from `instant`. After a stop, the next step comes one
    /// full step's volume after now (no catch-up: `stop` dropped what was owed).
    public mutating func start(at instant: MonotonicInstant) {
        advance(to: instant)
        basalEnabled = true
        nextPeriodicStart = firstPeriodicStart(at: instant)
        resegment()
    }

    /// When the next periodic bolus may start from `instant`: a full interval after the last one
    /// (never sooner, whatever stopped or restarted in between), and not before the programmed
    /// delay of a new periodic bolus.
    private func firstPeriodicStart(at instant: MonotonicInstant) -> MonotonicInstant {
        guard let periodic else { return .distantFuture }
        let delayed = instant + periodic.firstStartDelay
        guard let last = lastPeriodicStart else { return delayed }
        return max(last + periodic.interval, periodic.firstStartDelay > .zero ? delayed : instant)
    }

    /// Stops all flow at `instant`: basal, periodic and on-demand boluses, priming. Interrupted
    /// tasks are reported. Nothing is owed afterwards: the fraction of a step accumulated since the
    /// last step, or a step falling due at this very instant, is dropped (no catch-up).
    public mutating func stop(at instant: MonotonicInstant) {
        advance(to: instant)
        // Interrupted before the owed fraction is dropped: what moved is judged against it.
        for task in [periodicEpisode, onDemandBolus, priming].compactMap({ $0 }) { interrupt(task, at: instant) }
        drop(accumulated - Int128(commandedPosition) * Self.nanosecondsPerDay)
        basalEnabled = false
        nextPeriodicStart = .distantFuture
        periodicEpisode = nil
        onDemandBolus = nil
        priming = nil
        resegment()
    }

    /// Starts a single or patient bolus. The caller has checked limits; the planner checks only
    /// that no other on-demand bolus or priming runs.
    public mutating func startBolus(_ task: VolumeTask) throws(MeteringError) {
        advance(to: task.started)
        guard onDemandBolus == nil, priming == nil else { throw .taskAlreadyRunning }
        onDemandBolus = beginning(task)
        resegment()
    }

    /// Cancels the running on-demand bolus, if any.
    public mutating func cancelBolus(at instant: MonotonicInstant) {
        advance(to: instant)
        if let task = onDemandBolus { interrupt(task, at: instant) }
        onDemandBolus = nil
        resegment()
    }

    /// Starts priming: basal and periodic boluses pause until the priming volume is pushed.
    public mutating func startPriming(_ task: VolumeTask) throws(MeteringError) {
        advance(to: task.started)
        guard onDemandBolus == nil, priming == nil else { throw .taskAlreadyRunning }
        if let episode = periodicEpisode { interrupt(episode, at: task.started); periodicEpisode = nil }
        priming = beginning(task)
        resegment()
    }

    /// Changes the fluid model (refill, new catheter) from `instant`.
    public mutating func updateHistory(at instant: MonotonicInstant, _ change: (inout TipConcentrationHistory) -> Void) {
        advance(to: instant)
        change(&history)
        resegment()
    }

    /// Applies a new calibration from `instant`; steps already commanded keep their old volume.
    public mutating func setStepVolume(_ volume: StepVolume, at instant: MonotonicInstant) {
        advance(to: instant)
        stepVolume = volume
        planRevision &+= 1
    }

    // MARK: - Segments

    private mutating func advanceSegment(to instant: MonotonicInstant) {
        let elapsed = Int128(instant.nanoseconds - segmentStart.nanoseconds)
        accumulated += Int128(rate) * elapsed
        periodicEpisode?.run(forNanoseconds: elapsed)
        onDemandBolus?.run(forNanoseconds: elapsed)
        priming?.run(forNanoseconds: elapsed)
        segmentStart = instant
        guard instant == segmentEnd else { return }
        periodicEpisode = completeIfDone(periodicEpisode)
        onDemandBolus = completeIfDone(onDemandBolus)
        priming = completeIfDone(priming)
        if periodic != nil, instant >= nextPeriodicStart { beginPeriodicEpisode(at: instant) }
        resegment()
    }

    private mutating func completeIfDone(_ task: VolumeTask?) -> VolumeTask? {
        guard let task, task.progress >= task.goal else { return task }
        accumulated -= task.progress - task.goal  // the last nanosecond's overshoot
        let moved = moved(for: task)
        if recordsEvents { lastEnded[task.kind] = (moved, true) }
        record(.taskCompleted(task.kind, volume: task.volume, moved: moved, at: segmentStart))
        return nil
    }

    private mutating func interrupt(_ task: VolumeTask, at instant: MonotonicInstant) {
        let moved = moved(for: task)
        if recordsEvents { lastEnded[task.kind] = (moved, false) }
        record(.taskInterrupted(task.kind, delivered: moved, planned: task.volume, at: instant))
    }

    private mutating func beginPeriodicEpisode(at instant: MonotonicInstant) {
        guard let periodic else { return }
        lastPeriodicStart = instant
        nextPeriodicStart = instant + periodic.interval
        let tip = history.concentrationAtTip(position: targetPosition)
        let strongest = history.highestConcentration(from: targetPosition)
        let volume = strongest > .none ? strongest.volume(containing: periodic.dose) : .zero
        guard priming == nil, periodicEpisode == nil, tip > .none, volume > .zero else {
            record(.periodicBolusSkipped(at: instant))
            return
        }
        periodicEpisode = beginning(VolumeTask(kind: .periodicBolus, volume: volume, over: periodic.duration, from: instant))
        record(.periodicBolusStarted(volume: volume, at: instant))
    }

    private mutating func record(_ event: PlannerEvent) {
        if recordsEvents { events.append(event) }
    }

    /// Recomputes the total rate and the end of the segment that starts at `segmentStart`.
    private mutating func resegment() {
        planRevision &+= 1
        let position = targetPosition
        let concentration = history.concentrationAtTip(position: position)
        let wall = clock.wallTime(at: segmentStart)
        let basalFlows = basalEnabled && priming == nil && concentration > .none
        basalRate = basalFlows ? basal.massRate(at: wall).volumeRate(at: concentration).picolitresPerDay : 0
        rate = basalRate
        var end = MonotonicInstant.distantFuture
        if let priming {
            rate += priming.rate
            end = priming.completion(from: segmentStart)
        } else {
            if let task = periodicEpisode { rate += task.rate; end = min(end, task.completion(from: segmentStart)) }
            if let task = onDemandBolus { rate += task.rate; end = min(end, task.completion(from: segmentStart)) }
        }
        if basalFlows { end = min(end, clock.monotonicInstant(at: basal.nextChange(after: wall))) }
        if periodic != nil { end = min(end, max(nextPeriodicStart, segmentStart)) }
        if rate > 0, let change = history.nextChange(after: position) {
            let wait = WideArithmetic.ceilDivide(Int128(change) * Self.nanosecondsPerDay - accumulated, Int128(rate))
            end = min(end, MonotonicInstant(nanoseconds: segmentStart.nanoseconds + Int64(max(wait, 1))))
        }
        segmentEnd = end
    }
}
