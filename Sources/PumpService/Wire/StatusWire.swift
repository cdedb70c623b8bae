import PumpCore
import PumpStorage

/// The `Status` structure of io.pumpd.Pump, built from a copy of the therapy session.
struct StatusWire: Encodable {
    struct ReservoirWire: Encodable {
        var drug: Drug
        var filledAt: String
        var fillVolume: Int64
        var remaining: Int64
        var level: String
        var lowReservoirAt: String?
        var emptyAt: String?
    }
    struct BatteryWire: Encodable {
        var millivolts: Int64?
        var level: String
        var electiveReplacementAt: String?
    }
    struct RigWire: Encodable {
        var name: String
        var profile: String
        var simulated: Bool
        var clock: String
    }

    var time: String
    var mode: String
    var stopCause: String?
    var programmed: Bool
    var rate: Int64
    var basalRate: Int64
    var doseRate: Int64
    var deliveredToday: Int64
    var deliveredTodayVolume: Int64
    var deliveredLastHour: Int64
    var deliveredLastDay: Int64
    var deliveredTotal: Int64
    var missedTotal: Int64
    var reservoir: ReservoirWire
    var battery: BatteryWire
    var alarms: [AlarmWire]
    var task: TaskWire?
    var stepVolume: Int64
    var stepsMoved: Int64
    var rig: RigWire
    var callerRole: String

    init(_ session: TherapySession, stepsMoved: Int64, today: DeliveryTotals, rig: RigWire, callerRole: String) {
        time = session.clock.wall.description
        switch session.mode {
        case .running: mode = "running"
        case .priming: mode = "priming"
        case .stopped(let cause):
            mode = "stopped"
            stopCause = cause.rawValue
        }
        programmed = session.prescription != nil
        rate = session.currentRate.picolitresPerDay
        basalRate = session.planner.basalRate
        doseRate = session.prescription.map { _ in
            WideArithmetic.multiplyDivide(session.currentRate.picolitresPerDay, session.planner.concentrationAtTip.microgramsPerMillilitre, 1_000_000)
        } ?? 0
        deliveredToday = today.massNanograms
        deliveredTodayVolume = today.volumeNanolitres
        deliveredLastHour = session.ledger.recent.lastHour.nanograms
        deliveredLastDay = session.ledger.recent.lastDay.nanograms
        deliveredTotal = session.ledger.deliveredMass.nanograms
        missedTotal = session.ledger.missed.nanolitres
        let forecast = session.forecast
        reservoir = ReservoirWire(
            drug: session.fill.drug, filledAt: session.fill.filledAt.description, fillVolume: session.fill.volume.nanolitres,
            remaining: session.reservoirRemaining.nanolitres, level: Self.wireName(session.reservoirLevel),
            lowReservoirAt: forecast.lowReservoirAt?.description, emptyAt: forecast.emptyAt?.description)
        battery = BatteryWire(
            millivolts: session.battery.latestMillivolts, level: Self.wireName(session.battery.level),
            electiveReplacementAt: session.battery.predictedElectiveReplacement?.description)
        alarms = session.alarms.activeAlarms.map(AlarmWire.init)
        task = [session.planner.priming, session.planner.onDemandBolus, session.planner.periodicEpisode].compactMap { $0 }.first
            .map(TaskWire.init)
        stepVolume = session.rig.stepVolume.picolitres
        self.stepsMoved = stepsMoved
        self.rig = rig
        self.callerRole = callerRole
    }

    /// The names io.pumpd.Pump documents for Reservoir.level (ok, low, empty), not the core's
    /// raw values: clients code against the interface.
    static func wireName(_ level: ReservoirLevel) -> String {
        switch level {
        case .normal: "ok"
        case .low: "low"
        case .empty: "empty"
        }
    }

    /// The names io.pumpd.Pump documents for Battery.level (good, elective_replacement,
    /// end_of_service), not the core's raw values (eri, eos).
    static func wireName(_ level: BatteryLevel) -> String {
        switch level {
        case .good: "good"
        case .electiveReplacement: "elective_replacement"
        case .endOfService: "end_of_service"
        }
    }
}

struct AlarmWire: Encodable {
    var kind: String
    var severity: String
    var raisedAt: String
    var evidence: String
    var causePresent: Bool
    var acknowledgedAt: String?
    var causeClearedAt: String?
    var clearCondition: String

    init(_ alarm: Alarm) {
        kind = alarm.kind.rawValue
        severity = alarm.severity == .critical ? "critical" : "non_critical"
        raisedAt = alarm.raisedAt.description
        evidence = alarm.evidence
        causePresent = alarm.causePresent
        acknowledgedAt = alarm.acknowledgedAt?.description
        causeClearedAt = alarm.causeClearedAt?.description
        clearCondition = alarm.kind.clearCondition
    }
}

struct TaskWire: Encodable {
    var kind: String
    var planned: Int64
    var delivered: Int64

    init(_ task: VolumeTask) {
        kind = task.kind.rawValue
        planned = task.volume.nanolitres
        delivered = task.delivered.nanolitres
    }
}

struct ProgramSummaryWire: Encodable {
    var mode: String
    var drug: Drug
    var basalDailyDoseMin: Int64
    var basalDailyDoseMax: Int64
    var worstDayDose: Int64
    var worstHourDose: Int64
    var worstDayVolume: Int64
    var lowReservoirAt: String?
    var emptyAt: String?

    init(_ summary: ProgramSummary) {
        mode = summary.mode
        drug = summary.drug
        basalDailyDoseMin = summary.basalDailyDose.lowerBound.nanograms
        basalDailyDoseMax = summary.basalDailyDose.upperBound.nanograms
        worstDayDose = summary.worstDayDose.nanograms
        worstHourDose = summary.worstHourDose.nanograms
        worstDayVolume = summary.worstDayVolume.nanolitres
        lowReservoirAt = summary.forecast.lowReservoirAt?.description
        emptyAt = summary.forecast.emptyAt?.description
    }
}

struct CallerWire: Encodable {
    var uid: Int64
    var pid: Int64
    var role: String

    init(_ actor: ChangeActor) {
        uid = Int64(actor.uid)
        pid = Int64(actor.pid)
        role = actor.role
    }
}

struct EventWire: Encodable {
    var sequence: Int64
    var time: String
    var kind: String
    var summary: String
    var detail: String
    var caller: CallerWire?

    init(_ event: StoredEvent) {
        sequence = event.sequence
        time = CivilTime(unixNanoseconds: event.wallNanoseconds, utcOffsetSeconds: event.utcOffsetSeconds).description
        kind = event.kind
        summary = event.summary
        detail = event.detail
        caller = event.actor.map(CallerWire.init)
    }
}
