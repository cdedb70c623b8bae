public import PumpCore

// The structures of io.pumpd.Pump (Sources/PumpService/Interfaces/io.pumpd.Pump.varlink) as plain
// Codable values, one definition for both ends: pumpd builds and encodes them, pumpctl decodes
// them. Stored properties carry the IDL's field names and types (`int` is Int64, `?T` optional);
// the IDL's enums are their wire strings, so a reader is not broken by a value a newer pumpd adds.

/// `Status`: the pump's state now. Rates in pL/day (flow) and ng/day (dose), masses in ng,
/// volumes in nL, the step volume in pL.
public struct WireStatus: Codable, Sendable, Hashable {
    public var time: String
    /// running, priming or stopped.
    public var mode: String
    /// idle, clinician or alarm, when stopped.
    public var stopCause: String?
    public var programmed: Bool
    public var rate: Int64
    public var basalRate: Int64
    public var doseRate: Int64
    public var deliveredToday: Int64
    public var deliveredTodayVolume: Int64
    public var deliveredLastHour: Int64
    public var deliveredLastDay: Int64
    public var deliveredTotal: Int64
    public var missedTotal: Int64
    /// Delivered dose (ng) and volume (nL) that crashes may have cut from the record, summed over
    /// restarts: the true delivered dose lies between `deliveredTotal` and `deliveredTotal` plus
    /// this (the reservoir and the dose-limit windows already count it as given). Absent from
    /// older pumpd.
    public var deliveredUnrecordedAtMost: Int64?
    public var deliveredUnrecordedVolumeAtMost: Int64?
    public var reservoir: WireReservoir
    public var battery: WireBattery
    public var alarms: [WireAlarm]
    public var task: WireTask?
    public var stepVolume: Int64
    public var stepsMoved: Int64
    public var rig: WireRig
    public var callerRole: String
    /// A new concentration on its way to the tip after a refill (absent when none, and from older pumpd).
    public var bridge: WireBridge?
    /// Patient boluses used and left, lockout left (absent without a patient bolus policy).
    public var patientBolus: WirePatientBolusStatus?
    /// The alarm outputs (issue 14): what annunciates, a silence, the last self-test and alarm
    /// test (absent on a rig without alarm outputs, and from older pumpd).
    public var annunciation: WireAnnunciation?

    public init(
        time: String, mode: String, stopCause: String?, programmed: Bool, rate: Int64, basalRate: Int64, doseRate: Int64,
        deliveredToday: Int64, deliveredTodayVolume: Int64, deliveredLastHour: Int64, deliveredLastDay: Int64,
        deliveredTotal: Int64, missedTotal: Int64, reservoir: WireReservoir, battery: WireBattery, alarms: [WireAlarm],
        task: WireTask?, stepVolume: Int64, stepsMoved: Int64, rig: WireRig, callerRole: String,
        deliveredUnrecordedAtMost: Int64? = nil, deliveredUnrecordedVolumeAtMost: Int64? = nil, bridge: WireBridge? = nil,
        patientBolus: WirePatientBolusStatus? = nil
    ) {
        self.bridge = bridge
        self.patientBolus = patientBolus
        self.deliveredUnrecordedAtMost = deliveredUnrecordedAtMost
        self.deliveredUnrecordedVolumeAtMost = deliveredUnrecordedVolumeAtMost
        self.time = time
        self.mode = mode
        self.stopCause = stopCause
        self.programmed = programmed
        self.rate = rate
        self.basalRate = basalRate
        self.doseRate = doseRate
        self.deliveredToday = deliveredToday
        self.deliveredTodayVolume = deliveredTodayVolume
        self.deliveredLastHour = deliveredLastHour
        self.deliveredLastDay = deliveredLastDay
        self.deliveredTotal = deliveredTotal
        self.missedTotal = missedTotal
        self.reservoir = reservoir
        self.battery = battery
        self.alarms = alarms
        self.task = task
        self.stepVolume = stepVolume
        self.stepsMoved = stepsMoved
        self.rig = rig
        self.callerRole = callerRole
    }
}

/// `Reservoir`: the drug in it, fill and remaining volume (nL), level and forecast.
public struct WireReservoir: Codable, Sendable, Hashable {
    public var drug: Drug
    public var filledAt: String
    public var fillVolume: Int64
    public var remaining: Int64
    /// ok, low or empty.
    public var level: String
    /// Worst case: every allowed patient bolus taken.
    public var lowReservoirAt: String?
    public var emptyAt: String?
    /// Expected: basal and periodic boluses, no patient bolus (absent from older pumpd).
    public var lowReservoirExpectedAt: String?
    public var emptyExpectedAt: String?

    public init(
        drug: Drug, filledAt: String, fillVolume: Int64, remaining: Int64, level: String, lowReservoirAt: String?,
        emptyAt: String?, lowReservoirExpectedAt: String? = nil, emptyExpectedAt: String? = nil
    ) {
        self.lowReservoirExpectedAt = lowReservoirExpectedAt
        self.emptyExpectedAt = emptyExpectedAt
        self.drug = drug
        self.filledAt = filledAt
        self.fillVolume = fillVolume
        self.remaining = remaining
        self.level = level
        self.lowReservoirAt = lowReservoirAt
        self.emptyAt = emptyAt
    }
}

/// `Battery`: voltage, level and the predicted elective-replacement time.
public struct WireBattery: Codable, Sendable, Hashable {
    public var millivolts: Int64?
    /// good, elective_replacement or end_of_service.
    public var level: String
    public var electiveReplacementAt: String?

    public init(millivolts: Int64?, level: String, electiveReplacementAt: String?) {
        self.millivolts = millivolts
        self.level = level
        self.electiveReplacementAt = electiveReplacementAt
    }
}

/// `Rig`: the rig's name and profile, whether it is simulated, and its clock.
public struct WireRig: Codable, Sendable, Hashable {
    public var name: String
    public var profile: String
    public var simulated: Bool
    /// real, accelerated or virtual.
    public var clock: String

    public init(name: String, profile: String, simulated: Bool, clock: String) {
        self.name = name
        self.profile = profile
        self.simulated = simulated
        self.clock = clock
    }
}

/// `Task`: a bolus or priming under way, planned and delivered in nL; for a bolus its drug dose
/// (ng) planned and delivered; the seconds left at its rate if nothing interrupts it (rounded up).
/// The optional fields are absent from an older pumpd.
public struct WireTask: Codable, Sendable, Hashable {
    /// singleBolus, patientBolus, periodicBolus or priming.
    public var kind: String
    public var planned: Int64
    public var delivered: Int64
    public var dose: Int64?
    public var doseDelivered: Int64?
    public var remaining: Int64?

    public init(kind: String, planned: Int64, delivered: Int64, dose: Int64? = nil, doseDelivered: Int64? = nil, remaining: Int64? = nil) {
        self.kind = kind
        self.planned = planned
        self.delivered = delivered
        self.dose = dose
        self.doseDelivered = doseDelivered
        self.remaining = remaining
    }
}

/// `RefillResult`: the refill's volumes (nL) and the reservoir after it; discrepancy is withdrawn
/// minus expectedRemaining.
public struct WireRefillResult: Codable, Sendable, Hashable {
    public var expectedRemaining: Int64
    public var withdrawn: Int64
    public var discrepancy: Int64
    public var tolerance: Int64
    public var discrepancyExceedsTolerance: Bool
    public var bridging: Bool
    public var reservoir: WireReservoir

    public init(
        expectedRemaining: Int64, withdrawn: Int64, discrepancy: Int64, tolerance: Int64, discrepancyExceedsTolerance: Bool,
        bridging: Bool, reservoir: WireReservoir
    ) {
        self.expectedRemaining = expectedRemaining
        self.withdrawn = withdrawn
        self.discrepancy = discrepancy
        self.tolerance = tolerance
        self.discrepancyExceedsTolerance = discrepancyExceedsTolerance
        self.bridging = bridging
        self.reservoir = reservoir
    }
}
