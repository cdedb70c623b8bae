public import PumpCore
import PumpWire
public import Varlink
import VarlinkCodable

/// The typed errors of io.pumpd.Pump, built from the core's refusals so each carries its reason.
public enum PumpErrors {
    public static let interface = "io.pumpd.Pump"

    static func error(_ name: String, _ parameters: JSONObject = [:]) -> VarlinkError {
        VarlinkError("\(interface).\(name)", parameters: parameters)
    }

    public static func invalidValue(field: String, value: String, expected: String) -> VarlinkError {
        error("InvalidValue", ["field": .string(field), "value": .string(value), "expected": .string(expected)])
    }

    /// `InvalidValue` for a value that does not decode as its wire type, naming its field.
    static func invalidValue(_ refusal: WireCodingError) -> VarlinkError {
        invalidValue(field: refusal.field, value: refusal.value, expected: refusal.expected)
    }

    /// `reason`: why, in words, naming the profile grant that would allow it where one exists.
    public static func permissionDenied(method: String, role: String, needed: String, reason: String? = nil) -> VarlinkError {
        var parameters: JSONObject = ["method": .string(method), "role": .string(role), "needed": .string(needed)]
        if let reason { parameters["reason"] = .string(reason) }
        return error("PermissionDenied", parameters)
    }

    /// A reload that changed nothing: `reason` says why; `profile` is the file it read.
    public static func reloadRefused(_ reason: String, profile: String) -> VarlinkError {
        error("ReloadRefused", ["reason": .string(reason), "profile": .string(profile)])
    }

    public static func staleToken(_ reason: String) -> VarlinkError { error("StaleToken", ["reason": .string(reason)]) }

    public static func storageFailed(_ reason: String) -> VarlinkError { error("StorageFailed", ["reason": .string(reason)]) }

    /// A change once the control loop has stopped: only `stop()` at pumpd's shutdown ends it.
    public static let loopStopped = error(
        "LoopStopped", ["reason": .string("pumpd is shutting down (delivery stopped, motor disabled)")])

    public static func alarmNotRaised(_ kind: String) -> VarlinkError { error("AlarmNotRaised", ["kind": .string(kind)]) }

    static func violation(_ violation: LimitViolation) -> JSONValue { WireCoding.encode(WireViolation(violation)) }

    /// `field` (a path within a parameter, `basal.rate`; empty for the whole value) as a path into
    /// the request: `prescription.basal.rate`, `prescription`.
    static func path(_ field: String, under parameter: String) -> String {
        field.isEmpty || parameter.isEmpty ? parameter + field : "\(parameter).\(field)"
    }

    /// The API error for a refusal of the therapy core; with `parameter`, the fields of
    /// violations and warnings are paths under it (`prescription.…`).
    public static func from(_ refusal: TherapyError, parameter: String? = nil) -> VarlinkError {
        switch refusal {
        case .invalidPrescription(let violations):
            error("InvalidPrescription", ["violations": .array(violations.map { WireCoding.encode(WireViolation($0, under: parameter)) })])
        case .warningsNotAccepted(let warnings):
            error("WarningsNotAccepted", ["warnings": .array(warnings.map { WireCoding.encode(WireWarning($0, under: parameter ?? "")) })])
        case .overrideReasonRequired(let codes): error("OverrideReasonRequired", ["codes": .array(codes.map { .string($0.rawValue) })])
        case .invalidRefill(let violations): error("InvalidRefill", ["violations": .array(violations.map(violation))])
        case .limitExceeded(let limit): error("LimitExceeded", ["violation": violation(limit)])
        case .notProgrammed: error("NotProgrammed")
        case .blockedByAlarms(let kinds): error("BlockedByAlarms", ["alarms": .array(kinds.map { .string($0.rawValue) })])
        case .pathNotPrimed: error("PathNotPrimed")
        case .reservoirEmpty(let remaining, let threshold):
            error("ReservoirEmpty", ["remaining": .integer(remaining.nanolitres), "threshold": .integer(threshold.nanolitres)])
        case .wrongMode(let mode, let needed): error("WrongMode", ["mode": .string(mode.description), "needed": .string(needed)])
        case .busy(let kind): error("Busy", ["task": .string(kind.rawValue)])
        case .patientBolusNotAllowed: error("PatientBolusNotAllowed")
        case .lockout(let remaining): error("Lockout", ["remaining": .integer((remaining.nanoseconds + 999_999_999) / 1_000_000_000)])
        case .patientBolusDailyMaximum(let used, let maximum):
            error("PatientBolusDailyMaximum", ["used": .integer(Int64(used)), "maximum": .integer(Int64(maximum))])
        case .drugMismatch(let prescribed, let reservoir):
            error("DrugMismatch", ["prescribed": WireCoding.encode(prescribed), "inReservoir": WireCoding.encode(reservoir)])
        case .noBolusRunning(let kind):
            error("NoBolusRunning", kind.map { ["kind": .string($0.rawValue)] } ?? [:])
        case .stepRefused(let why): error("WrongMode", ["mode": .string("step refused"), "needed": .string(why)])
        case .alarm(.notRaised(let kind)): alarmNotRaised(kind.rawValue)
        // Issue 14 (linecal).
        case .noCalibrationRun: error("NoCalibrationRun")
        case .calibrationRunInterrupted(let made, let steps): error("CalibrationRunInterrupted", ["made": .integer(made), "steps": .integer(steps)])
        case .calibrationRunInProgress: error("CalibrationRunInProgress")
        case .calibrationRunMotionMismatch(let commanded, let seen):
            error("CalibrationRunMotionMismatch", ["commanded": .integer(commanded), "seen": .integer(seen)])
        case .calibrationRunNotYours(let uid): error("CalibrationRunNotYours", ["startedBy": .integer(Int64(uid))])
        case .calibrationRunExpired(let ago): error("CalibrationRunExpired", ["finishedSecondsAgo": .integer(ago.nanoseconds / 1_000_000_000)])
        }
    }
}
