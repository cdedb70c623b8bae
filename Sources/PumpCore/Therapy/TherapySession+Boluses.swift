extension TherapySession {
    /// Starts an on-demand bolus at `reading` after checking every limit: the prescription's
    /// maximum bolus, the drug delivered in the trailing hour and 24 hours plus this dose against
    /// the hourly and daily maxima, the rig's maximum rate, and for a patient bolus the lockout and
    /// the rolling 24-hour count.
    public mutating func requestBolus(_ request: BolusRequest, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        guard let prescription else { throw .notProgrammed }
        guard mode == .running else { throw .wrongMode(mode, needed: "running") }
        if let running = planner.onDemandBolus ?? planner.priming { throw .busy(running.kind) }
        let (kind, dose, duration) = try resolve(request, prescription)
        try checkDoseLimits(dose, field: kind == .patientBolus ? "patientBolus.dose" : "bolus.dose", prescription.limits)
        let volume = planner.concentrationAtTip.volume(containing: dose)
        let task = VolumeTask(kind: kind, volume: volume, over: duration, from: reading.monotonic)
        let peak = VolumeRate(picolitresPerDay: planner.basalRate + (planner.periodicEpisode?.rate ?? 0) + task.rate)
        if peak > rig.effectiveMaximumRate {
            throw .limitExceeded(LimitViolation(
                .aboveRigMaximumRate, field: "bolus.duration", actual: "total flow \(peak) over \(duration)",
                limit: "≤ \(rig.effectiveMaximumRate)"))
        }
        do { try planner.startBolus(task) } catch { throw .busy(.singleBolus) }
        overinfusionGuard.bolusAuthorised(volume: volume, over: duration, at: reading)
        if kind == .patientBolus { patientBolusStarts.append(reading.monotonic) }
        emit(.bolusStarted(kind, dose: dose, volume: volume, duration: duration))
    }

    /// Cancels a running on-demand bolus; delivery continues on the program.
    public mutating func cancelBolus(at reading: ClockReading) {
        advance(to: reading)
        planner.cancelBolus(at: reading.monotonic)
        collectPlannerEvents()
    }

    /// Primes the fluid path at the rig's priming rate from `reading`. With `newPath`, the tubing
    /// and catheter are declared drug-free (new catheter): the priming fluid delivers no dose.
    /// Basal and boluses wait until priming completes.
    public mutating func prime(volume: Volume? = nil, newPath: Bool, at reading: ClockReading) throws(TherapyError) {
        advance(to: reading)
        let volume = volume ?? rig.deadVolume
        guard volume > .zero else {
            throw .limitExceeded(LimitViolation(.notPositive, field: "prime.volume", actual: "\(volume)", limit: "> 0"))
        }
        if let running = planner.onDemandBolus ?? planner.priming { throw .busy(running.kind) }
        let blocking = alarms.activeAlarms.filter { $0.severity == .critical }.map(\.kind)
        guard blocking.isEmpty else { throw .blockedByAlarms(blocking) }
        guard fill.remaining(atPosition: planner.commandedPosition + volume.picolitres) > rig.emptyThreshold else {
            throw .reservoirEmpty(remaining: reservoirRemaining, threshold: rig.emptyThreshold)
        }
        let thenRun: Bool
        switch mode {
        case .running, .stopped(.idle): thenRun = prescription != nil
        case .stopped: thenRun = false
        case .priming: throw .busy(.priming)
        }
        if newPath {
            let position = planner.commandedPosition, reservoir = fill.drug.concentration
            planner.updateHistory(at: reading.monotonic) { $0.pathReplaced(atPosition: position, reservoir: reservoir) }
        }
        if mode == .running {  // basal waits; resumes after priming
            planner.stop(at: reading.monotonic)
            overinfusionGuard.stopped(at: reading)
        }
        let task = VolumeTask(kind: .priming, volume: volume, at: rig.primingRate, from: reading.monotonic)
        try? planner.startPriming(task)
        overinfusionGuard.primingAuthorised(volume: volume, at: rig.primingRate, at: reading)
        mode = .priming(thenRun: thenRun)
        collectPlannerEvents()
        emit(.primingStarted(volume: volume))
    }

    private mutating func resolve(
        _ request: BolusRequest, _ prescription: Prescription
    ) throws(TherapyError) -> (VolumeTask.Kind, DrugMass, TimeSpan) {
        switch request {
        case .single(let dose, let duration):
            guard dose > .zero else {
                throw .limitExceeded(LimitViolation(.notPositive, field: "bolus.dose", actual: "\(dose)", limit: "> 0"))
            }
            guard duration > .zero else {
                throw .limitExceeded(LimitViolation(.notPositive, field: "bolus.duration", actual: "\(duration)", limit: "> 0"))
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

    private func checkDoseLimits(_ dose: DrugMass, field: String, _ limits: DoseLimits) throws(TherapyError) {
        if dose > limits.maximumBolus {
            throw .limitExceeded(LimitViolation(.aboveMaximumBolus, field: field, actual: "\(dose)", limit: "≤ \(limits.maximumBolus)"))
        }
        let lastHour = ledger.recent.delivered(within: .hour, before: clock.monotonic)
        if lastHour + dose > limits.maximumHourlyDose {
            throw .limitExceeded(LimitViolation(
                .aboveMaximumHourlyDose, field: field, actual: "\(lastHour) delivered in the last hour + \(dose)",
                limit: "≤ \(limits.maximumHourlyDose)"))
        }
        let lastDay = ledger.recent.delivered(within: .day, before: clock.monotonic)
        if lastDay + dose > limits.maximumDailyDose {
            throw .limitExceeded(LimitViolation(
                .aboveMaximumDailyDose, field: field, actual: "\(lastDay) delivered in the last 24 h + \(dose)",
                limit: "≤ \(limits.maximumDailyDose)"))
        }
    }
}
