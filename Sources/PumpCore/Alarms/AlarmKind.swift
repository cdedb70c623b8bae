/// Every condition the pump can alarm on. The raw value is the stable identifier used in the API,
/// the journal and the alarm history; never rename one.
public enum AlarmKind: String, CaseIterable, Hashable, Sendable, Codable {
    case occlusion = "occlusion"
    case motorStall = "motor-stall"
    case driverFault = "driver-fault"
    case reservoirEmpty = "reservoir-empty"
    case reservoirLow = "reservoir-low"
    /// The reservoir's own low-level switch, independent of volume accounting.
    case reservoirSwitchLow = "reservoir-switch-low"
    case batteryEndOfService = "battery-eos"
    case batteryElectiveReplacement = "battery-eri"
    case overinfusionGuardTrip = "overinfusion-guard"
    case safetySensorFailure = "safety-sensor-failure"
    case sensorDegraded = "sensor-degraded"
    case refillDiscrepancy = "refill-discrepancy"
    /// A step was held back because the trailing hour or 24 hours reached the prescription's
    /// maximum (for example after wall-clock steps replayed a schedule peak).
    case doseLimitReached = "dose-limit-reached"
    /// The state database could not be written. Critical: a restart must never have to bridge more
    /// than one checkpoint interval of unrecorded delivery, so delivery stops until it is fixed.
    case storageFailure = "storage-failure"
    /// Therapy a person stopped (a clinician or operator Stop, or an alarm's stop once its critical
    /// alarms are acknowledged), or a committed program that could not start (no drug at the tip,
    /// an alarm), has stayed stopped for the policy's reminder time: a pump left
    /// stopped starves the patient (withdrawal). Raised again after each acknowledgement while
    /// still stopped.
    case leftStopped = "left-stopped"

    // Motion verification (issue 14, motion).
    /// Motion (encoder pulses) seen while the motor is disabled, beyond the profile's coast
    /// allowance, or beyond the commanded steps: free flow (a siphon), a motor coasting on, a
    /// driver that ignores ENABLE. Critical: fluid moves that nobody commanded.
    case freeFlow = "free-flow"
    // Issue 14, alarm outputs.
    /// The alarm system itself failed its check: the power-on self-test, a clinician's alarm test
    /// or the buzzer's sense line disagreeing with what was driven. Non-critical: delivery goes on
    /// (stopping an intrathecal baclofen pump for a dead buzzer would cause withdrawal), but only a
    /// clinician may acknowledge it, since until it is fixed nobody may hear the next alarm.
    case alarmSystemFailure = "alarm-system-failure"

    public var severity: AlarmSeverity {
        switch self {
        case .occlusion, .motorStall, .driverFault, .reservoirEmpty, .batteryEndOfService, .overinfusionGuardTrip,
            .safetySensorFailure, .storageFailure, .freeFlow:
            .critical
        case .reservoirLow, .reservoirSwitchLow, .batteryElectiveReplacement, .sensorDegraded, .refillDiscrepancy,
            .doseLimitReached, .leftStopped, .alarmSystemFailure:
            .nonCritical
        }
    }

    /// What must become true before the alarm clears, including who must acknowledge it (a
    /// clinician exactly where `needsClinicianAcknowledgement`; any other alarm an operator may).
    public var clearCondition: String {
        switch self {
        case .occlusion: "line pressure back below the occlusion threshold and the occlusion switch open, and a clinician's acknowledgement"
        case .motorStall: "a clinician's acknowledgement; the encoder follows commanded steps again after a clinician restarts delivery"
        case .driverFault: "a clinician's acknowledgement; the fault input (if any) inactive and motor calls succeeding again, or it is raised anew"
        case .reservoirEmpty: "a refill, and a clinician's acknowledgement"
        case .reservoirLow: "a refill above the low-reservoir volume"
        case .reservoirSwitchLow: "the reservoir-low switch released (a refill)"
        case .batteryEndOfService: "a battery above the end-of-service threshold, and a clinician's acknowledgement"
        case .batteryElectiveReplacement: "a battery above the elective-replacement threshold"
        case .overinfusionGuardTrip: "a clinician's review: acknowledge, then resume"
        case .safetySensorFailure: "the sensor reading valid values again, and a clinician's acknowledgement"
        case .sensorDegraded: "the sensor reading valid values again"
        case .refillDiscrepancy: "acknowledgement by a clinician"
        case .doseLimitReached: "delivery back within the hourly and daily maxima"
        case .storageFailure: "a state write succeeding again where storage failed (state accepted by hand at a start needs only the review); then a clinician acknowledges and resumes"
        case .leftStopped: "delivery resumed; acknowledging silences it until the reminder repeats"
        case .freeFlow: "a clinician's acknowledgement (after checking the line and the driver); raised anew at the next motion seen while the motor is disabled"
        case .alarmSystemFailure: "acknowledgement by a clinician, once the alarm outputs are repaired (an alarm test passing shows it)"
        }
    }

    /// Only a clinician may acknowledge it: every critical alarm, and a refill discrepancy (the
    /// accounting and the reservoir disagree: a leak, a pocket fill or an over-infusion, which a
    /// clinician must review), and an alarm-system failure (a clinician must see the outputs repaired). Any other alarm an operator may acknowledge. `clearCondition`
    /// names a clinician exactly for these.
    public var needsClinicianAcknowledgement: Bool { severity == .critical || self == .refillDiscrepancy || self == .alarmSystemFailure }

    /// Alarms whose cause is a one-off event rather than a lasting condition: the cause is gone as
    /// soon as the alarm is raised, so the alarm stays until someone acknowledges it.
    var causeEndsWhenRaised: Bool {
        self == .overinfusionGuardTrip || self == .refillDiscrepancy || self == .motorStall || self == .driverFault
            || self == .freeFlow
            || self == .alarmSystemFailure
    }
}
