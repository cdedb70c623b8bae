extension TherapySession {
    /// The session's durable state at its latest reading (see `TherapyCheckpoint`).
    public func checkpoint() -> TherapyCheckpoint {
        let now = clock.monotonic
        let activity: TherapyCheckpoint.Activity =
            switch mode {
            case .running: .running
            case .priming(let thenRun): thenRun ? .primingThenRun : .priming
            case .stopped(.idle): .stoppedIdle
            case .stopped(.clinician): .stoppedByClinician
            case .stopped(.alarm): .stoppedByAlarm
            case .stopped(.shutdown): primingCutByShutdown ? .primingThenRun : .stoppedForShutdown
            // A restart never continues a bench task: a line test comes back stopped for its
            // occlusion (raised afresh by the restore), a calibration run in the stop it started
            // from (a shutdown's stop as a clinician's: a restart never starts delivery for it).
            case .lineTest: .stoppedByAlarm
            case .calibrationRun:
                switch calibrationRun?.returnTo ?? .clinician {
                case .idle: .stoppedIdle
                case .alarm: .stoppedByAlarm
                case .clinician, .shutdown: .stoppedByClinician
                }
            }
        let tasks = [planner.periodicEpisode, planner.onDemandBolus, planner.priming].compactMap { $0 }.map {
            TherapyCheckpoint.TaskState(
                kind: $0.kind.rawValue, plannedNanolitres: $0.volume.nanolitres, deliveredNanolitres: $0.delivered.nanolitres,
                rate: $0.rate)
        }
        return TherapyCheckpoint(
            savedAtWall: clock.wall.unixNanoseconds, savedAtOffset: clock.wall.utcOffsetSeconds, savedAtMonotonic: now.nanoseconds,
            position: planner.commandedPosition, stepVolume: rig.stepVolume.picolitres, prescription: prescription,
            fillVolume: fill.volume.nanolitres, fillDrug: fill.drug, fillTime: fill.filledAt.unixNanoseconds,
            fillOffset: fill.filledAt.utcOffsetSeconds, fillPosition: fill.position,
            path: planner.history.entries.map {
                TherapyCheckpoint.PathEntry(fromPosition: $0.fromPosition, concentration: $0.concentration.microgramsPerMillilitre)
            },
            activity: activity, stoppedAge: stoppedAt.map { (now - $0.monotonic).nanoseconds },
            closedMass: ledger.closedMass, runVolume: ledger.runVolume,
            runConcentration: ledger.runConcentration.microgramsPerMillilitre, drugFreeVolume: ledger.drugFreePicolitres,
            missedVolume: ledger.missed.nanolitres, unrecordedMass: ledger.unrecordedMass.nanograms,
            unrecordedVolume: ledger.unrecordedPicolitres,
            recentDoses: ledger.recent.minuteDoses.map { TherapyCheckpoint.MinuteDose(ageMinutes: $0.ageMinutes, nanograms: $0.nanograms) },
            patientBolusAges: patientBolusStarts.map { (now - $0).nanoseconds },
            lastPeriodicStartAge: planner.lastPeriodicStart.map { (now - $0).nanoseconds },
            leftStoppedAcknowledgedAge: leftStoppedAcknowledgedAt.map { (now - $0).nanoseconds },
            alarms: alarms.active.values.sorted { $0.raisedAt < $1.raisedAt }.map {
                TherapyCheckpoint.AlarmState(
                    kind: $0.kind, raisedAt: $0.raisedAt.unixNanoseconds, raisedAtOffset: $0.raisedAt.utcOffsetSeconds,
                    evidence: $0.evidence, causePresent: $0.causePresent, acknowledgedAt: $0.acknowledgedAt?.unixNanoseconds,
                    lastAcknowledgedAt: $0.lastAcknowledgedAt?.unixNanoseconds, causeClearedAt: $0.causeClearedAt?.unixNanoseconds)
            },
            tasks: tasks, stallRetriesUsed: stallRetriesUsed)
    }

    /// A session carried on from `checkpoint` after an outage of `outage` (the process or the
    /// machine was down; the caller measures it), at `reading`.
    ///
    /// What the pump did between the checkpoint and the outage is unknown, but bounded by the
    /// checkpoint cadence: at most `unrecordedStepsAtMost` steps, and never more than the program,
    /// bolus or priming then running could have pushed in `unrecordedTimeAtMost` (the longest the
    /// pump can run past a checkpoint before the next one is durable) or in the outage, whichever
    /// is shorter. Each record takes that bound on the side that is safe for its use:
    /// - the reservoir and the dose-limit windows count it as pushed;
    /// - the fluid path (where drug-free fluid ends, what priming still has to push) and the
    ///   delivered dose count only what was recorded, and the ledger carries the bound as
    ///   `unrecordedMass`/`unrecordedPicolitres` (delivered is "this, up to that more");
    /// - the missed dose counts only the downtime that is certain: from the end of the cadence
    ///   window (or the outage's start, if later) to now, so it is never more than the real gap.
    /// Boluses and priming that were running end; therapy that was running (or priming before a
    /// start) resumes from now with no catch-up, and the gap is recorded. Priming that was to
    /// start therapy primes the rest of the drug-free path and then starts it. A clinician's or an
    /// alarm's stop stays a stop.
    ///
    /// `journal`: the newest step the control loop noted before the process died (its position
    /// and instant on the previous run's clock; see `StepPositionJournal`), when it is known to be
    /// current (the same boot). The steps between the checkpoint and it were commanded: they are
    /// replayed exactly, nothing is left unrecorded, and the missed dose starts no earlier than
    /// the next step would have been due after it. A note behind the checkpoint or beyond the
    /// cadence bound is not believed (the bound applies). `journalMade`: the position up to which
    /// the motor calls returned (nil: all of them). Steps past it were commanded but the process
    /// died before the motor was seen to make them: each record takes them on its safe side, as
    /// unrecorded steps (delivered "up to that more", the reservoir and dose windows as pushed).
    /// `journalHours`: the hours the loop closed after the checkpoint with the position and state
    /// at each close, oldest first (`JournaledHour`). When they cover every hour from the
    /// checkpoint's on (`JournaledHour.chain`), the journal's steps are booked hour by hour and
    /// those hours report the state they closed with; otherwise all of them go to the hour of the
    /// last noted step and the hours closed since the checkpoint carry the restored state.
    ///
    /// `outage` is the best estimate (it sizes the missed dose and the unrecorded bound);
    /// `outageAtLeast` is what the outage certainly was (after a reboot, the time since boot: a
    /// wall clock set ahead must not age doses out of the limit windows, the patient-bolus lockout
    /// or the periodic phase). Past doses are placed `outageAtLeast` ago.
    ///
    /// `policy`: the profile's, so a left-stopped reminder due across the outage is judged by it.
    public static func restoring(
        _ checkpoint: TherapyCheckpoint, rig profileRig: RigConfiguration, battery: BatteryThresholds,
        guardToleranceSteps: Int64 = 2, outage: TimeSpan, outageAtLeast: TimeSpan? = nil, unrecordedStepsAtMost: Int64,
        unrecordedTimeAtMost: TimeSpan? = nil, journal: (position: Int64, instant: MonotonicInstant)? = nil, journalMade: Int64? = nil,
        journalHours: [JournaledHour] = [], policy: TherapyPolicy = TherapyPolicy(), at reading: ClockReading
    ) -> TherapySession {
        let outage = max(outage, .zero)
        let certain = min(max(outageAtLeast ?? outage, .zero), outage)
        let anchor = ClockReading(
            monotonic: reading.monotonic - certain,
            wall: CivilTime(unixNanoseconds: checkpoint.savedAtWall, utcOffsetSeconds: checkpoint.savedAtOffset))
        // Where the outage began by the best estimate: the gap (missed dose) is counted from here.
        let gapStart = ClockReading(monotonic: reading.monotonic - outage, wall: anchor.wall)
        let ago = { (age: Int64) in anchor.monotonic - .nanoseconds(age) }
        var rig = profileRig
        rig.stepVolume = StepVolume(picolitres: checkpoint.stepVolume)
        var fill = ReservoirFill(
            volume: Volume(nanolitres: checkpoint.fillVolume), drug: checkpoint.fillDrug,
            filledAt: CivilTime(unixNanoseconds: checkpoint.fillTime, utcOffsetSeconds: checkpoint.fillOffset),
            position: checkpoint.fillPosition)
        // The pump can have run past the checkpoint for this long at most.
        let unrecordedWindow = min(outage, max(unrecordedTimeAtMost ?? outage, .zero))
        var session = TherapySession(
            rig: rig, fill: fill, pathPrimed: true, battery: battery, guardToleranceSteps: guardToleranceSteps, clock: anchor)
        session.nominalStepVolume = profileRig.stepVolume
        session.policy = policy  // the left-stopped reminder may fall due during the restore
        session.prescription = checkpoint.prescription

        let history = TipConcentrationHistory(
            deadVolume: rig.deadVolume.picolitres,
            entries: checkpoint.path.map { .init(fromPosition: $0.fromPosition, concentration: .init(microgramsPerMillilitre: $0.concentration)) })
        // Steps the journal proves were commanded after the checkpoint, and when the last was.
        // `span` is certain (the motor calls returned); `doubtful` was commanded but may not have moved.
        let journaled: (span: Int64, doubtful: Int64, at: ClockReading)? = journal.flatMap { note in
            let span = note.position - checkpoint.position
            guard span >= 0, span <= (max(unrecordedStepsAtMost, 0) + 16) * checkpoint.stepVolume else { return nil }
            let doubtful = min(max(note.position - (journalMade ?? note.position), 0), span)
            let age = TimeSpan.nanoseconds(note.instant.nanoseconds - checkpoint.savedAtMonotonic)
            let at = anchor.advanced(by: min(max(age, .zero), reading.monotonic - anchor.monotonic))
            return (span - doubtful, doubtful, at)
        }
        let unrecorded =
            journaled?.doubtful
            ?? session.unrecordedBound(checkpoint, history: history, anchor: anchor, window: unrecordedWindow, steps: unrecordedStepsAtMost)
        // The path stays where the record (and the journal) puts it: priming never takes unrecorded
        // steps as drug-free fluid already out of the tip. The reservoir counts them as pushed.
        let position = checkpoint.position + (journaled?.span ?? 0)
        fill.position -= unrecorded
        session.fill = fill
        let lastPeriodicStart = checkpoint.lastPeriodicStartAge.map(ago)
        session.planner = MeteringPlanner(stepVolume: rig.stepVolume, history: history, clock: anchor, position: position)
        session.planner.restorePeriodicPhase(lastStart: lastPeriodicStart)
        session.overinfusionGuard = OverinfusionGuard(
            toleranceSteps: guardToleranceSteps, deadVolume: rig.deadVolume,
            pathChanges: checkpoint.path.map { ($0.fromPosition, $0.concentration) }, position: position,
            lastPeriodicStart: lastPeriodicStart, clock: anchor)
        if let prescription = checkpoint.prescription {
            session.planner.setBasal(prescription.basal, at: anchor.monotonic)
            session.planner.setPeriodic(prescription.periodicBolus, at: anchor.monotonic)
            session.overinfusionGuard.programChanged(basal: prescription.basal, periodic: prescription.periodicBolus, at: anchor)
        }
        session.ledger = DeliveryLedger(restoring: checkpoint, position: checkpoint.position, at: anchor.monotonic)
        var hours: [JournaledHour] = []
        var unsplit: UnsplitHours?
        if let journaled, let note = journal, journaled.span > 0 {
            let from = checkpoint.position, to = checkpoint.position + journaled.span
            let openHour = HourClosing.hourStart(of: checkpoint.savedAtWall)
            let chain = JournaledHour.chain(journalHours, from: from, to: to, openHour: openHour)
            // The journal notes steps on the monotonic clock only: its wall time is the checkpoint's
            // plus the monotonic age, true only if the wall clock kept pace with the monotonic clock
            // (same boot) from the checkpoint to now. Compared like the loop's wall-step check (1 s).
            let wallDrift = (reading.wall.unixNanoseconds - checkpoint.savedAtWall) - (reading.monotonic.nanoseconds - checkpoint.savedAtMonotonic)
            let lastStepFromNow = reading.wall.unixNanoseconds - (reading.monotonic.nanoseconds - note.instant.nanoseconds)
            let range = JournaledHour.unsplit(
                journalHours, chain: chain, from: from, to: to, openHour: openHour,
                lastStepHours: [HourClosing.hourStart(of: journaled.at.wall.unixNanoseconds), HourClosing.hourStart(of: lastStepFromNow)],
                wallStepped: abs(wallDrift) >= TimeSpan.second.nanoseconds)
            // A split the notes do not prove is never made: all of it goes to the last step's hour, and the event says so.
            hours = range == nil ? chain : []
            let booked = session.bookJournaled(from: from, to: to, hours: hours, history: history, at: journaled.at)
            unsplit = range.map {
                UnsplitHours(
                    volume: booked, bookedTo: HourClosing.hourStart(of: journaled.at.wall.unixNanoseconds), first: $0.lowerBound, last: $0.upperBound)
            }
        }
        // The unrecorded volume may have been given: count it inside the dose-limit windows now.
        let unrecordedMass = WideArithmetic.multiplyDivideRoundingUp(
            unrecorded, history.highestConcentration(from: checkpoint.position).microgramsPerMillilitre, 1_000_000)
        session.ledger.recent.record(DrugMass(nanograms: unrecordedMass), at: anchor.monotonic)
        session.ledger.unrecordedMass += DrugMass(nanograms: unrecordedMass)
        session.ledger.unrecordedPicolitres += unrecorded
        session.patientBolusStarts = checkpoint.patientBolusAges.sorted(by: >).map(ago)
        session.stallRetriesUsed = checkpoint.stallRetriesUsed ?? 0
        session.alarms = AlarmBook(restoring: checkpoint.alarms.map { $0.alarm })
        // A checkpoint of an older build has no age: an acknowledged reminder repeats from the restore.
        let leftStoppedAcknowledged = session.alarms.active[.leftStopped]?.acknowledgedAt != nil
        session.leftStoppedAcknowledgedAt =
            checkpoint.leftStoppedAcknowledgedAge.map(ago) ?? (leftStoppedAcknowledged ? anchor.monotonic : nil)
        for task in checkpoint.tasks {
            guard let kind = VolumeTask.Kind(rawValue: task.kind) else { continue }
            let delivered = Volume(nanolitres: task.deliveredNanolitres), planned = Volume(nanolitres: task.plannedNanolitres)
            switch kind {
            case .lineTest: session.restoreCutLineTest(pushed: delivered, at: anchor)
            case .calibrationRun: session.restoreCutCalibrationRun(
                delivered: delivered, planned: planned, rate: VolumeRate(picolitresPerDay: task.rate), activity: checkpoint.activity, at: anchor)
            default: session.emit(.bolusInterrupted(kind, delivered: delivered, planned: planned))
            }
        }
        let closedBefore = session.hourClosing.closedCount
        // Logged at the restart's time, after what the outage interrupted (logged at the checkpoint's).
        session.resumeAfterOutage(
            checkpoint, anchor: anchor, gapStart: gapStart, certainGapStart: later(
                gapStart,
                journaled.map { session.nextStepDue(at: position, history: history, after: later($0.at, anchor)) }
                    ?? anchor.advanced(by: unrecordedStepsAtMost > 0 ? unrecordedWindow : .zero)),
            at: reading,
            restored: .restored(outage: outage, unrecorded: Volume(nanolitres: (unrecorded + 999) / 1_000), unsplit: unsplit))
        // The hours the outage completed closed while the session was being rebuilt: they carry
        // the state it was restored to.
        // Those the journal noted carry the state they really closed with.
        session.hourClosing.restate(after: closedBefore, as: session.closedHourState, noted: hours)
        return session
    }

    /// The most the pump can have pushed after `checkpoint` without recording it, in picolitres.
    private func unrecordedBound(
        _ checkpoint: TherapyCheckpoint, history: TipConcentrationHistory, anchor: ClockReading, window: TimeSpan, steps: Int64
    ) -> Int64 {
        let step = rig.stepVolume.picolitres
        // A bolus or priming pushes at most its rest, and no faster than its flow.
        var asked: Int64 = checkpoint.tasks.reduce(0) { total, task in
            let rest = (task.plannedNanolitres - task.deliveredNanolitres) * 1_000
            let flowed = WideArithmetic.multiplyDivideRoundingUp(task.rate, window.nanoseconds, TimeSpan.day.nanoseconds)
            return total + min(rest, flowed)
        }
        if checkpoint.activity == .running, let prescription {
            var probe = MeteringPlanner(stepVolume: rig.stepVolume, history: history, clock: anchor, position: checkpoint.position)
            probe.restorePeriodicPhase(lastStart: checkpoint.lastPeriodicStartAge.map { anchor.monotonic - .nanoseconds($0) })
            probe.setBasal(prescription.basal, at: anchor.monotonic)
            probe.setPeriodic(prescription.periodicBolus, at: anchor.monotonic)
            probe.start(at: anchor.monotonic)
            probe.advance(to: anchor.monotonic + window)
            asked += probe.programmedPosition - checkpoint.position
        }
        guard asked > 0 else { return 0 }
        // Whole steps: the pump moves only in steps, and one may have been due at the checkpoint.
        let wholeSteps = min(max(steps, 0), (asked + step - 1) / step + 1)
        return wholeSteps * step
    }

    /// When the basal program would next have had a step due had delivery carried on from
    /// `start` at `position` (a full step's time: the planner's fraction at `start` is not known,
    /// so this is never earlier than the real next step); `start` when there is no program.
    private func nextStepDue(at position: Int64, history: TipConcentrationHistory, after start: ClockReading) -> ClockReading {
        guard let prescription else { return start }
        var probe = MeteringPlanner(stepVolume: rig.stepVolume, history: history, clock: start, position: position)
        probe.setBasal(prescription.basal, at: start.monotonic)
        probe.start(at: start.monotonic)
        guard case .due(let due) = probe.nextStep() else { return start }
        return start.advanced(by: due - start.monotonic)
    }

    /// Puts delivery back where it was before the outage, from `reading`.
    private mutating func resumeAfterOutage(
        _ checkpoint: TherapyCheckpoint, anchor: ClockReading, gapStart: ClockReading, certainGapStart: ClockReading,
        at reading: ClockReading, restored: TherapyEvent.Kind
    ) {
        func arrive() {
            advance(to: reading)
            emit(restored)
        }
        let stoppedBefore = checkpoint.stoppedAge.map {
            ClockReading(monotonic: gapStart.monotonic - .nanoseconds($0), wall: gapStart.wall + .nanoseconds(-$0))
        }
        switch checkpoint.activity {
        case .primingThenRun:
            // Priming before a start was cut short: prime what is still drug-free ahead of the tip
            // (never drug: priming stops where drug begins), then therapy starts by itself.
            mode = .stopped(.idle)
            stoppedAt = stoppedBefore ?? gapStart
            arrive()
            do { try prime(volume: nil, newPath: false, at: reading) } catch { startOrReport() }
        case .running, .stoppedIdle, .stoppedForShutdown:
            // Delivery was on (or should have been): the outage is a gap, never a reason to stay off.
            mode = .stopped(.idle)
            // Running: the pump may have run on for the cadence window; only what follows is certain.
            stoppedAt = checkpoint.activity == .running ? earlier(certainGapStart, reading) : (stoppedBefore ?? gapStart)
            arrive()
            if prescription != nil { startOrReport() }
        case .priming:
            mode = .stopped(prescription == nil ? .idle : .clinician)
            stoppedAt = stoppedBefore ?? gapStart
            arrive()
        case .stoppedByClinician, .stoppedByAlarm:
            mode = .stopped(checkpoint.activity == .stoppedByAlarm ? .alarm : .clinician)
            stoppedAt = stoppedBefore ?? gapStart
            arrive()
        }
    }
}

/// The later (earlier) of two readings by the monotonic clock.
private func later(_ a: ClockReading, _ b: ClockReading) -> ClockReading { a.monotonic >= b.monotonic ? a : b }
private func earlier(_ a: ClockReading, _ b: ClockReading) -> ClockReading { a.monotonic <= b.monotonic ? a : b }

extension TherapyCheckpoint.AlarmState {
    var alarm: Alarm {
        let offset = raisedAtOffset
        return Alarm(
            kind: kind, raisedAt: CivilTime(unixNanoseconds: raisedAt, utcOffsetSeconds: offset), evidence: evidence,
            causePresent: causePresent, acknowledgedAt: acknowledgedAt.map { CivilTime(unixNanoseconds: $0, utcOffsetSeconds: offset) },
            lastAcknowledgedAt: (lastAcknowledgedAt ?? acknowledgedAt).map { CivilTime(unixNanoseconds: $0, utcOffsetSeconds: offset) },
            causeClearedAt: causeClearedAt.map { CivilTime(unixNanoseconds: $0, utcOffsetSeconds: offset) })
    }
}

extension TherapyCheckpoint {
    /// The delivered dose the checkpoint recorded (its ledger's `deliveredMass`).
    public var deliveredMass: DrugMass {
        DeliveryLedger(restoring: self, position: position, at: MonotonicInstant(nanoseconds: savedAtMonotonic)).deliveredMass
    }
}

extension DeliveryLedger {
    /// The ledger as a checkpoint left it, with the pump now at `position` and the dose windows
    /// anchored at `instant` (the checkpoint's moment on the new clock).
    init(restoring checkpoint: TherapyCheckpoint, position: Int64, at instant: MonotonicInstant) {
        self.init(position: position, concentrationAtTip: Concentration(microgramsPerMillilitre: checkpoint.runConcentration), at: instant)
        closedMass = checkpoint.closedMass
        runVolume = checkpoint.runVolume
        drugFreePicolitres = checkpoint.drugFreeVolume
        missed = Volume(nanolitres: checkpoint.missedVolume)
        unrecordedMass = DrugMass(nanograms: checkpoint.unrecordedMass ?? 0)
        unrecordedPicolitres = checkpoint.unrecordedVolume ?? 0
        recent = RollingDoseWindow(at: instant, restoring: checkpoint.recentDoses.map { ($0.ageMinutes, $0.nanograms) })
    }
}

extension TherapySession {
    /// A restart cut a line test short: it proved nothing, and the occlusion is raised afresh
    /// (unacknowledged), so the next Resume cannot push another test's volume without a
    /// clinician's acknowledgement.
    mutating func restoreCutLineTest(pushed: Volume, at reading: ClockReading) {
        let evidence = "cut short by restart"
        emit(.lineTestFailed(volume: pushed, evidence: evidence))
        emit(.alarmRaised(alarms.raiseAgain(.occlusion, evidence: "line test: \(evidence) after \(pushed)", at: reading.wall)))
    }

    /// A restart cut a calibration run short: recorded as interrupted (its mass measures nothing;
    /// a commit is refused with `calibrationRunInterrupted`), back in the stop it started from.
    mutating func restoreCutCalibrationRun(
        delivered: Volume, planned: Volume, rate: VolumeRate, activity: TherapyCheckpoint.Activity, at reading: ClockReading) {
        let step = max(rig.stepVolume.picolitres, 1)
        let returnTo: StopCause = switch activity {
        case .stoppedIdle: .idle
        case .stoppedByAlarm: .alarm
        default: .clinician
        }
        var run = CalibrationRun(
            steps: planned.picolitres / step, rate: rate, stepVolume: rig.stepVolume,
            startPosition: planner.commandedPosition, started: reading, returnTo: returnTo, state: .interrupted)
        run.made = delivered.picolitres / step
        calibrationRun = run
        emit(.calibrationRunFinished(steps: run.steps, made: run.made, volume: delivered, completed: false))
    }
}
