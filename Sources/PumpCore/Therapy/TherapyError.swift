/// Why the therapy session refused a command. Whenever one of these is thrown, nothing changed.
public enum TherapyError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The prescription breaks these rules; all are listed.
    case invalidPrescription([LimitViolation])
    /// The refill (or first fill) breaks these rules; all are listed, fields under `refill.` (`fill.`).
    case invalidRefill([LimitViolation])
    /// A request would break a limit.
    case limitExceeded(LimitViolation)
    /// Nothing is programmed yet.
    case notProgrammed
    /// These critical alarms block delivery until acknowledged and cleared.
    case blockedByAlarms([AlarmKind])
    /// The fluid path holds no drug at the tip yet: prime it first.
    case pathNotPrimed
    /// The reservoir is at or below the rig's empty threshold.
    case reservoirEmpty(remaining: Volume, threshold: Volume)
    /// The command needs delivery in another mode.
    case wrongMode(DeliveryMode, needed: String)
    /// A bolus or priming is already running.
    case busy(VolumeTask.Kind)
    /// The prescription allows no patient bolus.
    case patientBolusNotAllowed
    /// The patient bolus lockout has not elapsed.
    case lockout(remaining: TimeSpan)
    /// The patient has used every bolus the rolling 24 hours allow.
    case patientBolusDailyMaximum(used: Int, maximum: Int)
    /// The prescription's drug is not the one in the reservoir.
    case drugMismatch(prescribed: Drug, inReservoir: Drug)
    /// No on-demand bolus runs to end (of the kind named, when one is: another kind runs).
    case noBolusRunning(VolumeTask.Kind?)
    /// A step was not allowed to move the motor.
    case stepRefused(String)
    case alarm(AlarmError)
    /// The change raises these warnings and the commit does not accept them.
    case warningsNotAccepted([ProgrammingWarning])
    /// These soft-limit warnings are accepted without a reason for the override.
    case overrideReasonRequired([ProgrammingWarning.Code])

    // Issue 14 (linecal): calibration runs.
    /// No calibration run has finished since the last commit (or since the daemon started).
    case noCalibrationRun
    /// The last calibration run was cut short after `made` of `steps`: its mass measures nothing.
    case calibrationRunInterrupted(made: Int64, steps: Int64)
    /// A calibration run is still driving the motor.
    case calibrationRunInProgress
    /// The encoder saw `seen` steps of the calibration run's `commanded`: its mass cannot be
    /// divided by a step count nobody can vouch for.
    case calibrationRunMotionMismatch(commanded: Int64, seen: Int64)
    /// The finished calibration run was started by uid `startedBy`: only that caller may commit it.
    case calibrationRunNotYours(startedBy: UInt32)
    /// The calibration run finished `ago`, beyond `CalibrationRun.commitWindow`: run it again.
    case calibrationRunExpired(ago: TimeSpan)

    public var description: String {
        switch self {
        case .invalidPrescription(let violations):
            "invalid prescription: " + violations.map(\.description).joined(separator: "; ")
        case .invalidRefill(let violations): "invalid refill: " + violations.map(\.description).joined(separator: "; ")
        case .limitExceeded(let violation): "limit exceeded: \(violation)"
        case .notProgrammed: "no prescription has been committed"
        case .blockedByAlarms(let kinds): "delivery blocked by critical alarm(s): " + kinds.map(\.rawValue).joined(separator: ", ")
        case .pathNotPrimed: "the catheter holds no drug at the tip: prime it first"
        case .reservoirEmpty(let remaining, let threshold): "reservoir empty: \(remaining) left, threshold \(threshold)"
        case .wrongMode(let mode, let needed): "delivery is \(mode); this needs \(needed)"
        case .busy(let kind): "a \(kind.rawValue) is already running"
        case .patientBolusNotAllowed: "the prescription allows no patient bolus"
        case .lockout(let remaining): "patient bolus locked out for another \(remaining)"
        case .patientBolusDailyMaximum(let used, let maximum): "\(used) of \(maximum) patient boluses used in the last 24 h"
        case .drugMismatch(let prescribed, let reservoir):
            "prescription is for \(prescribed.name) \(prescribed.concentration) but the reservoir holds \(reservoir.name) \(reservoir.concentration)"
        case .noBolusRunning(nil): "no bolus is running"
        case .noBolusRunning(let kind?): "no \(kind.rawValue) is running"
        case .stepRefused(let why): "step refused: \(why)"
        case .alarm(let error): error.description
        case .warningsNotAccepted(let warnings):
            "warnings not accepted: " + warnings.map(\.description).joined(separator: "; ")
        case .overrideReasonRequired(let codes):
            "accepting " + codes.map(\.rawValue).joined(separator: ", ") + " overrides a library soft limit: give the reason"
        case .noCalibrationRun: "no finished calibration run to commit: start one with StartCalibrationRun and let it finish"
        case .calibrationRunInterrupted(let made, let steps):
            "the last calibration run was cut short after \(made) of \(steps) steps: run it again"
        case .calibrationRunInProgress: "a calibration run is still running: wait for it to finish (or Stop it)"
        case .calibrationRunMotionMismatch(let commanded, let seen):
            "the encoder saw \(seen) of the calibration run's \(commanded) commanded steps: its mass measures an unknown step count; fix the motor and run it again"
        case .calibrationRunNotYours(let uid): "the calibration run was started by uid \(uid): only that caller may commit it"
        case .calibrationRunExpired(let ago):
            "the calibration run finished \(ago.readable) ago, beyond the \(CalibrationRun.commitWindow.readable) a commit is accepted: run it again"
        }
    }
}
