extension TherapySession {
    /// Starts an on-demand bolus at `reading` after checking every limit: the prescription's
    /// maximum bolus; the drug delivered in the trailing hour and 24 hours, plus what running
    /// boluses still owe, plus this dose, against the hourly and daily maxima; the rig's maximum
    /// rate with basal and periodic boluses running; and for a patient bolus the lockout and the
    /// rolling 24-hour count. The dose is sized at the strongest drug that can reach the tip
    /// while it runs, so a bridge ending mid-bolus can only give less, never more.
    public mutating func requestBolus(_ request: BolusRequest, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        guard let prescription else { throw .notProgrammed }
        guard mode == .running else { throw .wrongMode(mode, needed: "running") }
        if let running = planner.onDemandBolus ?? planner.priming { throw .busy(running.kind) }
        let (kind, dose, duration) = try resolve(request, prescription)
        let field = kind == .patientBolus ? "patientBolus.dose" : "bolus.dose"
        let strongest = planner.history.highestConcentration(from: planner.commandedPosition)
        let volume = strongest.volume(containing: dose)
        guard volume > .zero else {
            throw .limitExceeded(LimitViolation(
                .doseBelowOneNanolitre, field: field, actual: "\(dose) = \(volume) at \(strongest)", limit: "≥ 1 nL of drug"))
        }
        try checkBolusLimits(dose, field: field, strongest: strongest, prescription.limits)
        let task = VolumeTask(kind: kind, volume: volume, over: duration, from: clock.monotonic)
        let periodicRate = prescription.periodicBolus.map {
            WideArithmetic.multiplyDivideRoundingUp(strongest.volume(containing: $0.dose).picolitres, TimeSpan.day.nanoseconds, $0.duration.nanoseconds)
        } ?? 0
        let peak = VolumeRate(picolitresPerDay: planner.basalRate + periodicRate + task.rate)
        if peak > rig.effectiveMaximumRate {
            throw .limitExceeded(LimitViolation(
                .aboveRigMaximumRate, field: "bolus.duration", actual: "total flow \(peak) with \(dose) over \(duration)",
                limit: "≤ \(rig.effectiveMaximumRate)", amount: .init(actual: peak, limit: rig.effectiveMaximumRate)))
        }
        do { try planner.startBolus(task) } catch { throw .busy(kind) }
        overinfusionGuard.bolusAuthorised(dose: dose, over: duration, at: clock)
        if kind == .patientBolus { patientBolusStarts.append(clock.monotonic) }
        emit(.bolusStarted(kind, dose: dose, volume: volume, duration: duration))
    }

    /// Ends the running on-demand bolus (single or patient) at `reading`; the basal program and
    /// periodic boluses carry on as programmed. What it moved stays given: a patient bolus still
    /// counts in the lockout and the rolling 24-hour count.
    ///
    /// - Parameter kind: end it only if it is of this kind (an operator may end a patient bolus
    ///   only); nil ends either.
    /// - Returns: the bolus as it ended (planned volume and what the motor moved for it).
    /// - Throws: `.noBolusRunning` when no on-demand bolus (of `kind`) runs; nothing changes.
    @discardableResult
    public mutating func endBolus(_ kind: VolumeTask.Kind? = nil, at reading: ClockReading) throws(TherapyError) -> VolumeTask {
        advance(to: reading)
        guard let running = planner.onDemandBolus else { throw .noBolusRunning(nil) }
        if let kind, running.kind != kind { throw .noBolusRunning(kind) }
        planner.cancelBolus(at: clock.monotonic)
        overinfusionGuard.bolusCancelled(at: clock)
        collectPlannerEvents()
        return running
    }

    /// Primes drug-free fluid out of the path at the rig's priming rate from `reading`. With
    /// `newPath`, the tubing and catheter are declared new and drug-free first. The volume
    /// defaults to all the drug-free fluid ahead of the tip and may never exceed it: priming never
    /// pushes drug. Basal and boluses wait until priming completes, then therapy resumes if it
    /// was running or had not started.
    ///
    /// An acknowledged occlusion does not block priming a new path (`newPath`: the blocked
    /// catheter was replaced): the stop stays a stop for the alarm, and the line test still runs on
    /// the next Resume before the program does.
    public mutating func prime(volume requested: Volume? = nil, newPath: Bool, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        if let running = planner.onDemandBolus ?? planner.priming { throw .busy(running.kind) }
        let replacedOccludedPath = newPath && alarms.active[.occlusion]?.acknowledgedAt != nil
        let blocking = blockingAlarms.filter { !(replacedOccludedPath && $0 == .occlusion) }
        guard blocking.isEmpty else { throw .blockedByAlarms(blocking) }
        let thenRun: Bool
        switch mode {
        case .running, .stopped(.idle): thenRun = prescription != nil
        case .stopped: thenRun = false
        case .priming: throw .busy(.priming)
        case .lineTest: throw .busy(.lineTest)
        case .calibrationRun: throw .busy(.calibrationRun)
        }
        let drugFree = newPath ? rig.deadVolume.picolitres : planner.history.drugFreeVolume(ahead: planner.commandedPosition)
        let volume = try primingVolume(requested, drugFree: drugFree, thenRun: thenRun)
        guard fill.remaining(atPosition: planner.commandedPosition + volume.picolitres) > rig.emptyThreshold else {
            throw .reservoirEmpty(remaining: reservoirRemaining, threshold: rig.emptyThreshold)
        }
        if newPath {
            let position = planner.commandedPosition, reservoir = fill.drug.concentration
            planner.updateHistory(at: clock.monotonic) { $0.pathReplaced(atPosition: position, reservoir: reservoir) }
            overinfusionGuard.pathReplaced(reservoir: reservoir, at: clock)
        }
        if mode == .running { pauseFlows() }  // basal waits; resumes after priming
        do {
            try planner.startPriming(VolumeTask(kind: .priming, volume: volume, at: rig.primingRate, from: clock.monotonic))
        } catch { throw .busy(.priming) }
        overinfusionGuard.primingAuthorised(volume: volume, at: rig.primingRate, at: clock)
        mode = .priming(thenRun: thenRun)
        primingSpan = (planner.commandedPosition, planner.commandedPosition + volume.picolitres)
        collectPlannerEvents()
        emit(.primingStarted(volume: volume))
    }

    /// The priming volume: all the drug-free fluid ahead unless less was asked for, never more,
    /// and all of it when therapy is to resume afterwards (else it could not start).
    private func primingVolume(_ requested: Volume?, drugFree: Int64, thenRun: Bool) throws(TherapyError) -> Volume {
        let available = Volume(nanolitres: min(drugFree, rig.reservoirCapacity.picolitres) / 1_000)
        guard available > .zero else {
            throw .limitExceeded(LimitViolation(
                .primingWouldPushDrug, field: "prime.volume", actual: "drug at the tip already",
                limit: "a path with drug-free fluid ahead of the tip (prime a new path with newPath)"))
        }
        let volume = requested ?? available
        guard volume > .zero else {
            throw .limitExceeded(LimitViolation(.notPositive, field: "prime.volume", actual: "\(volume)", limit: "> 0", amount: .init(againstZero: volume)))
        }
        guard volume <= available else {
            throw .limitExceeded(LimitViolation(
                .primingWouldPushDrug, field: "prime.volume", actual: "\(volume)", limit: "≤ \(available) of drug-free fluid ahead of the tip",
                amount: .init(actual: volume, limit: available)))
        }
        guard volume == available || !thenRun else {
            throw .limitExceeded(LimitViolation(
                .primingWouldPushDrug, field: "prime.volume", actual: "\(volume)",
                limit: "= \(available): a partial priming would leave no drug at the tip and therapy could not resume",
                amount: .init(actual: volume, limit: available)))
        }
        return volume
    }

    private mutating func resolve(
        _ request: BolusRequest, _ prescription: Prescription
    ) throws(TherapyError) -> (VolumeTask.Kind, DrugMass, TimeSpan) {
        switch request {
        case .single(let dose, let duration):
            guard dose > .zero else {
                throw .limitExceeded(LimitViolation(.notPositive, field: "bolus.dose", actual: "\(dose)", limit: "> 0", amount: .init(againstZero: dose)))
            }
            guard duration > .zero, duration <= .day else {
                throw .limitExceeded(LimitViolation(
                    .outOfRange, field: "bolus.duration", actual: "\(duration)", limit: "> 0 and ≤ 1 d",
                    amount: .init(actual: duration, limit: duration > .zero ? TimeSpan.day : .zero)))
            }
            return (.singleBolus, dose, duration)
        case .patient:
            guard let policy = prescription.patientBolus else { throw .patientBolusNotAllowed }
            let now = clock.monotonic
            patientBolusStarts.removeAll { now - $0 >= .day }
            if let last = patientBolusStarts.last, now - last < policy.lockout {
                throw .lockout(remaining: policy.lockout - (now - last))
            }
            guard patientBolusStarts.count < policy.maximumPerDay else {
                throw .patientBolusDailyMaximum(used: patientBolusStarts.count, maximum: policy.maximumPerDay)
            }
            return (.patientBolus, policy.dose, policy.duration)
        }
    }

    private func checkBolusLimits(_ dose: DrugMass, field: String, strongest: Concentration, _ limits: DoseLimits) throws(TherapyError) {
        if dose > limits.maximumBolus {
            throw .limitExceeded(LimitViolation(
                .aboveMaximumBolus, field: field, actual: "\(dose)", limit: "≤ \(limits.maximumBolus)", amount: .init(actual: dose, limit: limits.maximumBolus)))
        }
        try checkDoseHeadroom(dose, field: field, strongest: strongest, limits)
    }

    /// Refuses `dose` more (typed `limitExceeded`) when, with what the trailing hour and 24 hours
    /// delivered and what running boluses still owe (at `strongest`), it would exceed the hourly
    /// or daily maximum. The one headroom check for boluses and the line test.
    func checkDoseHeadroom(_ dose: DrugMass, field: String, strongest: Concentration, _ limits: DoseLimits) throws(TherapyError) {
        // What running boluses still owe counts as if already delivered.
        var owed = Volume.zero
        for task in [planner.periodicEpisode, planner.onDemandBolus].compactMap({ $0 }) { owed += task.volume - task.delivered }
        let committed = strongest.mass(in: owed)
        let lastHour = ledger.recent.lastHour + committed
        if lastHour + dose > limits.maximumHourlyDose {
            throw .limitExceeded(LimitViolation(
                .aboveMaximumHourlyDose, field: field, actual: "\(lastHour) delivered or committed in the last hour + \(dose)",
                limit: "≤ \(limits.maximumHourlyDose)", amount: .init(actual: lastHour + dose, limit: limits.maximumHourlyDose)))
        }
        let lastDay = ledger.recent.lastDay + committed
        if lastDay + dose > limits.maximumDailyDose {
            throw .limitExceeded(LimitViolation(
                .aboveMaximumDailyDose, field: field, actual: "\(lastDay) delivered or committed in the last 24 h + \(dose)",
                limit: "≤ \(limits.maximumDailyDose)", amount: .init(actual: lastDay + dose, limit: limits.maximumDailyDose)))
        }
    }
}

extension TherapySession {
    /// The concentration a bolus was sized at: the strongest ahead of the tip when it started.
    /// During a bridge the catheter's older, stronger drug comes first, so the dose at this
    /// concentration is what was asked for and bounds what the bolus gives; the reservoir's
    /// concentration would understate it.
    public func doseConcentration(of task: VolumeTask) -> Concentration {
        planner.history.highestConcentration(from: task.startPositions?.commanded ?? planner.commandedPosition)
    }
}
