import PumpCore
import PumpWire
public import Varlink

/// Words a Varlink error reply from pumpd the way a clinician reads it, with its exit status.
///
/// Every error of io.pumpd.Pump (and io.pumpd.Rig, and the org.varlink.service errors any service
/// may send) has a rendering; an unknown error, or a known one whose parameters are not as the IDL
/// says, prints its name and parameters. `PermissionDenied` exits with `.permissionDenied`, every
/// other reply with `.refused`.
public enum DaemonErrorMessage {
    /// The message and exit status for `error`.
    public static func failure(for error: VarlinkError) -> PumpctlFailure {
        let member = error.name.split(separator: ".").last.map(String.init) ?? error.name
        let parameters = VarlinkParameters(error.parameterObject)
        let message: String?
        if error.name.hasPrefix("org.varlink.service.") {
            if member == "PermissionDenied" { return PumpctlFailure(.permissionDenied, "permission denied: pumpd refused the call") }
            message = try? service(member, parameters)
        } else if error.name.hasPrefix("io.pumpd.") {
            if member == "PermissionDenied", let text = try? permissionDenied(parameters) {
                return PumpctlFailure(.permissionDenied, text)
            }
            // The rig's AdvanceTime may have moved the clock before the stop: its reason says how far.
            message = error.name == "io.pumpd.Rig.LoopStopped"
                ? (try? parameters.required("reason", as: String.self)).map { "stopped: \($0)" }
                : try? pump(member, parameters)
        } else {
            message = nil
        }
        return PumpctlFailure(.refused, message ?? unknown(error))
    }

    /// `refused: NAME {"parameters": …}`, for errors pumpctl does not know.
    public static func unknown(_ error: VarlinkError) -> String {
        error.parameterObject.isEmpty ? "refused: \(error.name)" : "refused: \(error.name) \(error.parameters)"
    }

    private static func permissionDenied(_ p: VarlinkParameters) throws(VarlinkError) -> String {
        let method: String = try p.required("method")
        let needed: String = try p.required("needed")
        let role: String = try p.required("role")
        let reason: String? = try p.optional("reason")
        return "permission denied: \(method) needs the \(needed) role; you are \(role)" + (reason.map { " (\($0))" } ?? "")
    }

    // Returns nil for a name it does not know; throws when the parameters are not as the IDL says.
    private static func pump(_ member: String, _ p: VarlinkParameters) throws(VarlinkError) -> String? {
        switch member {
        case "InvalidPrescription":
            let violations: [WireViolation] = try p.required("violations")
            if violations.isEmpty { return "invalid prescription (pumpd named no broken rule)" }
            return (["invalid prescription:"] + violations.map { "  \($0.text)" }).joined(separator: "\n")
        case "InvalidRefill":
            let violations: [WireViolation] = try p.required("violations")
            if violations.isEmpty { return "invalid refill (pumpd named no broken rule)" }
            return (["invalid refill:"] + violations.map { "  \($0.text)" }).joined(separator: "\n")
        case "WarningsNotAccepted":
            let warnings: [WireWarning] = try p.required("warnings")
            let list = warnings.map { "  \($0.code) at \($0.field): \($0.message)" }
            return (["refused: warnings not accepted:"] + list + ["After reading them, accept them with: \(warnings.acceptingOptions)"])
                .joined(separator: "\n")
        case "OverrideReasonRequired":
            let codes: [String] = try p.required("codes")
            return "refused: accepting \(codes.joined(separator: ", ")) overrides a drug-library soft limit: give --override-reason TEXT"
        case "LimitExceeded":
            let violation: WireViolation = try p.required("violation")
            return "refused: limit exceeded: \(violation.text)"
        case "InvalidValue":
            let field: String = try p.required("field")
            let value: String = try p.required("value")
            let expected: String = try p.required("expected")
            return "refused: invalid value for \(field): \"\(value)\", expected \(expected)"
        case "NotProgrammed":
            return "refused: no program is active (program one first: pumpctl program)"
        case "BlockedByAlarms":
            let alarms: [String] = try p.required("alarms")
            return "refused: blocked by active alarms: \(alarms.joined(separator: ", ")) (see pumpctl alarms)"
        case "PathNotPrimed":
            return "refused: the fluid path is not primed (prime it first: pumpctl prime)"
        case "ReservoirEmpty":
            let remaining: Int64 = try p.required("remaining")
            let threshold: Int64 = try p.required("threshold")
            return "refused: the reservoir is empty: \(QuantityFormatter.volume(nanolitres: remaining)) remaining, "
                + "at or below the \(QuantityFormatter.volume(nanolitres: threshold)) threshold (refill first: pumpctl refill)"
        case "WrongMode":
            let mode: String = try p.required("mode")
            let needed: String = try p.required("needed")
            return "refused: the pump is \(mode); this needs \(needed)"
        case "Busy":
            let task: String = try p.required("task")
            return "refused: busy with a \(WireTask.words(task)) (wait for it to finish)"
        case "PatientBolusNotAllowed":
            return "refused: the active program allows no patient bolus"
        case "Lockout":
            let remaining: Int64 = try p.required("remaining")
            return "refused: patient bolus locked out for another \(QuantityFormatter.duration(seconds: remaining))"
        case "PatientBolusDailyMaximum":
            let used: Int64 = try p.required("used")
            let maximum: Int64 = try p.required("maximum")
            return "refused: patient bolus daily maximum reached: \(used) of \(maximum) in the last 24 hours"
        case "DrugMismatch":
            let prescribed: Drug = try p.required("prescribed")
            let inReservoir: Drug = try p.required("inReservoir")
            return "refused: drug mismatch: the program is for \(prescribed.text) but the reservoir holds \(inReservoir.text)"
        case "AlarmNotRaised":
            let kind: String = try p.required("kind")
            return "refused: no \(kind) alarm is raised"
        case "NoBolusRunning":
            let kind: String? = try p.optional("kind")
            return kind.map { "refused: no \($0) is running to end" } ?? "refused: no bolus is running to end"
        // Issue 14 (linecal): calibration runs.
        case "NoCalibrationRun":
            return "refused: no finished calibration run to commit (run one: pumpctl calibrate run)"
        case "CalibrationRunInterrupted":
            let made: Int64 = try p.required("made")
            let steps: Int64 = try p.required("steps")
            return "refused: the calibration run was cut short after \(made) of \(steps) steps: run it again"
        case "CalibrationRunInProgress":
            return "refused: a calibration run is still running (wait for it, or pumpctl stop)"
        case "CalibrationRunMotionMismatch":
            let commanded: Int64 = try p.required("commanded")
            let seen: Int64 = try p.required("seen")
            return "refused: the encoder saw \(seen) of the run's \(commanded) commanded steps: fix the motor and run it again"
        case "CalibrationRunNotYours":
            let uid: Int64 = try p.required("startedBy")
            return "refused: the calibration run was started by uid \(uid): only that user may commit it"
        case "CalibrationRunExpired":
            let seconds: Int64 = try p.required("finishedSecondsAgo")
            return "refused: the calibration run finished \(TimeSpan.seconds(seconds).readable) ago, more than an hour: run it again"
        case "StaleToken":
            let reason: String = try p.required("reason")
            return "refused: the review is out of date (\(reason)); review the program again"
        case "MalformedRequest":
            let reason: String = try p.required("reason")
            let offset: Int64 = try p.required("offset")
            return "refused: pumpd could not read pumpctl's request at byte \(offset): \(reason) (a pumpctl bug: please report it)"
        case "RequestTooLarge":
            let limit: Int64 = try p.required("limitBytes")
            return "refused: the request is larger than pumpd accepts (\(limit) bytes)"
        case "ReloadRefused":
            let reason: String = try p.required("reason")
            let profile: String = try p.required("profile")
            return "reload refused, nothing changed (\(profile)): \(reason)"
        case "StorageFailed":
            let reason: String = try p.required("reason")
            return "storage failed: the change was applied but is not safely on disk (\(reason)); a storage-failure alarm is raised"
        // Issue 14, alarm outputs.
        case "NothingToSilence":
            return "refused: no alarm is sounding: nothing to silence"
        case "AlarmTestRunning":
            let remaining: Int64 = try p.required("remaining")
            return "refused: an alarm test is already playing (\(TimeSpan.seconds(remaining).readable) left)"
        case "NoAlarmOutputs":
            let reason: String = try p.required("reason")
            return "refused: \(reason)"
        case "LoopStopped":
            let reason: String = try p.required("reason")
            return "refused, nothing changed: pumpd's control loop is not running: \(reason)"
        case "NotVirtualClock":
            let clock: String = try p.required("clock")
            return "refused: the rig's clock is \(clock), not virtual"
        default:
            return nil
        }
    }

    private static func service(_ member: String, _ p: VarlinkParameters) throws(VarlinkError) -> String? {
        switch member {
        case "MethodNotFound":
            let method: String = try p.required("method")
            return "refused: pumpd does not know \(method) (is pumpd older than pumpctl?)"
        case "InterfaceNotFound":
            let interface: String = try p.required("interface")
            return "refused: pumpd does not serve \(interface)"
        case "MethodNotImplemented":
            let method: String = try p.required("method")
            return "refused: pumpd does not implement \(method)"
        case "InvalidParameter":
            let parameter: String = try p.required("parameter")
            return "refused: pumpd rejected the parameter \(parameter) (missing, of the wrong type, or unknown)"
        case "ExpectedMore":
            return "refused: pumpd expects this call to stream its replies (a pumpctl bug: please report it)"
        default:
            return nil
        }
    }
}
