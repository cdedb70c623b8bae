import PumpCore
import PumpStorage
import PumpWire

// How pumpd fills io.pumpd.Pump's structures (PumpWire, shared with pumpctl) from the therapy
// session, the core's values and stored records. Kept here so PumpWire depends on the core alone.

extension WireStatus {
    /// The status of a copy of the therapy session.
    init(_ session: TherapySession, stepsMoved: Int64, today: DeliveryTotals, rig: WireRig, callerRole: String) {
        let (mode, stopCause): (String, String?) =
            switch session.mode {
            case .running: ("running", nil)
            case .priming: ("priming", nil)
            case .stopped(let cause): ("stopped", cause.rawValue)
            case .lineTest: ("lineTest", nil)
            case .calibrationRun: ("calibrationRun", nil)
            }
        let doseRate = session.prescription.map { _ in
            WideArithmetic.multiplyDivide(session.currentRate.picolitresPerDay, session.planner.concentrationAtTip.microgramsPerMillilitre, 1_000_000)
        } ?? 0
        let task = [session.planner.priming, session.planner.onDemandBolus, session.planner.periodicEpisode].compactMap { $0 }.first
        self.init(
            time: session.clock.wall.description, mode: mode, stopCause: stopCause, programmed: session.prescription != nil,
            rate: session.currentRate.picolitresPerDay, basalRate: session.planner.basalRate, doseRate: doseRate,
            deliveredToday: today.massNanograms, deliveredTodayVolume: today.volumeNanolitres,
            deliveredLastHour: session.ledger.recent.lastHour.nanograms, deliveredLastDay: session.ledger.recent.lastDay.nanograms,
            deliveredTotal: session.ledger.deliveredMass.nanograms, missedTotal: session.ledger.missed.nanolitres,
            reservoir: WireReservoir(session), battery: WireBattery(session.battery), alarms: session.alarms.activeAlarms.map(WireAlarm.init),
            task: task.map { WireTask($0, of: session.planner, concentration: session.doseConcentration(of: $0)) }, stepVolume: session.rig.stepVolume.picolitres, stepsMoved: stepsMoved,
            rig: rig, callerRole: callerRole, deliveredUnrecordedAtMost: session.ledger.unrecordedMass.nanograms,
            deliveredUnrecordedVolumeAtMost: session.ledger.unrecordedVolume.nanolitres, bridge: session.bridge.map(WireBridge.init),
            patientBolus: session.patientBolusStatus.map(WirePatientBolusStatus.init))
    }
}

extension WireReservoir {
    /// The reservoir of the session: its fill, what remains and the forecast under the program.
    init(_ session: TherapySession) {
        let forecast = session.forecast, expected = session.expectedForecast
        self.init(
            drug: session.fill.drug, filledAt: session.fill.filledAt.description, fillVolume: session.fill.volume.nanolitres,
            remaining: session.reservoirRemaining.nanolitres, level: session.reservoirLevel.wireName,
            lowReservoirAt: forecast.lowReservoirAt?.description, emptyAt: forecast.emptyAt?.description,
            lowReservoirExpectedAt: expected.lowReservoirAt?.description, emptyExpectedAt: expected.emptyAt?.description)
    }
}

extension WireBattery {
    init(_ battery: BatteryMonitor) {
        self.init(
            millivolts: battery.latestMillivolts, level: battery.level.wireName,
            electiveReplacementAt: battery.predictedElectiveReplacement?.description)
    }
}

extension ReservoirLevel {
    /// The name io.pumpd.Pump documents for Reservoir.level (ok, low, empty), not the core's raw
    /// value: clients code against the interface.
    var wireName: String {
        switch self {
        case .normal: "ok"
        case .low: "low"
        case .empty: "empty"
        }
    }
}

extension BatteryLevel {
    /// The name io.pumpd.Pump documents for Battery.level (good, elective_replacement,
    /// end_of_service), not the core's raw value (eri, eos).
    var wireName: String {
        switch self {
        case .good: "good"
        case .electiveReplacement: "elective_replacement"
        case .endOfService: "end_of_service"
        }
    }
}

extension WireAlarm {
    init(_ alarm: Alarm) {
        self.init(
            kind: alarm.kind.rawValue, severity: alarm.severity.rawValue,
            raisedAt: alarm.raisedAt.description, evidence: alarm.evidence, causePresent: alarm.causePresent,
            acknowledgedAt: alarm.acknowledgedAt?.description, causeClearedAt: alarm.causeClearedAt?.description,
            clearCondition: alarm.kind.clearCondition)
    }
}

extension WireAlarmRecord {
    /// A stored alarm, its times in local time at `utcOffsetSeconds`.
    init(_ alarm: StoredAlarm, utcOffsetSeconds offset: Int32) {
        func time(_ nanoseconds: Int64) -> String { CivilTime(unixNanoseconds: nanoseconds, utcOffsetSeconds: offset).description }
        self.init(
            kind: alarm.kind, severity: AlarmSeverity(stored: alarm.severity)?.rawValue ?? alarm.severity, raisedAt: time(alarm.raisedAtWallNanoseconds), evidence: alarm.evidence,
            clearedAt: alarm.clearedAtWallNanoseconds.map(time), acknowledgedAt: alarm.acknowledgedAtWallNanoseconds.map(time),
            acknowledgedBy: alarm.acknowledgedBy.map(WireCaller.init))
    }
}

extension WireTask {
    /// A running task of `planner`: its target and what the motor has moved for it.
    init(_ task: VolumeTask, of planner: MeteringPlanner, concentration: Concentration? = nil) {
        let moved = planner.moved(for: task)
        // Left at the task's rate (pL/day), rounded up to the second.
        let left = max(task.volume.picolitres - moved.picolitres, 0)
        let remaining = WideArithmetic.multiplyDivideRoundingUp(left, 86_400, task.rate)
        let isBolus = task.kind != .priming
        self.init(
            kind: task.kind.rawValue, planned: task.volume.nanolitres, delivered: moved.nanolitres,
            dose: isBolus ? concentration?.mass(in: task.volume).nanograms : nil,
            doseDelivered: isBolus ? concentration?.mass(in: moved).nanograms : nil, remaining: remaining)
    }
}

extension WireProgramSummary {
    init(_ summary: ProgramSummary) {
        self.init(
            mode: summary.mode, drug: summary.drug, basalDailyDoseMin: summary.basalDailyDose.lowerBound.nanograms,
            basalDailyDoseMax: summary.basalDailyDose.upperBound.nanograms, worstDayDose: summary.worstDayDose.nanograms,
            worstHourDose: summary.worstHourDose.nanograms, worstDayVolume: summary.worstDayVolume.nanolitres,
            lowReservoirAt: summary.forecast.lowReservoirAt?.description, emptyAt: summary.forecast.emptyAt?.description,
            lowReservoirExpectedAt: summary.expectedForecast.lowReservoirAt?.description,
            emptyExpectedAt: summary.expectedForecast.emptyAt?.description)
    }
}

extension WireWarning {
    /// `warning` with its field as a path into the request under `parameter` (`prescription`).
    init(_ warning: ProgrammingWarning, under parameter: String) {
        self.init(
            code: warning.code.rawValue, field: PumpErrors.path(warning.field, under: parameter), message: warning.message,
            amount: warning.amount.map { WireViolationAmount(unit: $0.unit, actual: $0.actual, limit: $0.limit) })
    }
}

extension WireComparisonRow {
    init(_ row: ChangeReview.Row) {
        self.init(label: row.label, old: row.old, new: row.new, changed: row.changed)
    }
}

extension WireViolation {
    /// `violation`, its field under `parameter` (`prescription.basal.rate`) when given.
    init(_ violation: LimitViolation, under parameter: String? = nil) {
        self.init(
            rule: violation.rule.rawValue, field: parameter.map { PumpErrors.path(violation.field, under: $0) } ?? violation.field, actual: violation.actual, limit: violation.limit,
            amount: violation.amount.map { WireViolationAmount(unit: $0.unit, actual: $0.actual, limit: $0.limit) })
    }
}

extension WireCaller {
    init(_ actor: ChangeActor) {
        self.init(uid: Int64(actor.uid), pid: Int64(actor.pid), role: actor.role)
    }
}

extension WireEvent {
    init(_ event: StoredEvent) {
        self.init(
            sequence: event.sequence,
            time: CivilTime(unixNanoseconds: event.wallNanoseconds, utcOffsetSeconds: event.utcOffsetSeconds).description,
            kind: event.kind, summary: event.summary, detail: event.detail, caller: event.actor.map(WireCaller.init))
    }
}

extension WireHourlyDelivery {
    /// One hour of delivery, its start in local time at `utcOffsetSeconds`.
    init(_ hour: HourlyDelivery, utcOffsetSeconds offset: Int32) {
        self.init(
            hour: CivilTime(unixNanoseconds: hour.hourStartWallNanoseconds, utcOffsetSeconds: offset).description,
            volume: hour.volumeNanolitres, mass: hour.massNanograms)
    }
}
