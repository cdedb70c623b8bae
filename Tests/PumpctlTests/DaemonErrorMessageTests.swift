import Foundation
import PumpctlKit
import Testing
import Varlink

@Suite struct DaemonErrorMessageTests {
    static let violation: JSONValue = ["rule": "above-maximum-bolus", "field": "bolus.dose", "actual": "60 µg", "limit": "≤ 50 µg"]

    /// One sample of every io.pumpd.Pump error and how pumpctl words it.
    struct Sample {
        var name: String
        var parameters: JSONObject
        var message: String
        var status: PumpctlExit
        init(_ name: String, _ parameters: JSONObject, _ message: String, _ status: PumpctlExit) {
            self.name = name
            self.parameters = parameters
            self.message = message
            self.status = status
        }
    }

    static let samples: [Sample] = [
        Sample("InvalidPrescription",
         ["violations": [violation, ["rule": "above-maximum-daily-dose", "field": "basal.rate", "actual": "700 µg/day", "limit": "≤ 600 µg/day"]]],
         "invalid prescription:\n  bolus.dose is 60 µg, must be ≤ 50 µg (above-maximum-bolus)\n  basal.rate is 700 µg/day, must be ≤ 600 µg/day (above-maximum-daily-dose)",
         .refused),
        Sample("LimitExceeded", ["violation": violation], "refused: limit exceeded: bolus.dose is 60 µg, must be ≤ 50 µg (above-maximum-bolus)", .refused),
        Sample("InvalidValue", ["field": "duration", "value": "0", "expected": "a positive number of seconds"],
         "refused: invalid value for duration: \"0\", expected a positive number of seconds", .refused),
        Sample("NotProgrammed", [:], "refused: no program is active (program one first: pumpctl program)", .refused),
        Sample("BlockedByAlarms", ["alarms": ["occlusion", "motorStall"]], "refused: blocked by active alarms: occlusion, motorStall (see pumpctl alarms)", .refused),
        Sample("PathNotPrimed", [:], "refused: the fluid path is not primed (prime it first: pumpctl prime)", .refused),
        Sample("ReservoirEmpty", ["remaining": 400_000, "threshold": 500_000],
         "refused: the reservoir is empty: 400 µL remaining, at or below the 500 µL threshold (refill first: pumpctl refill)", .refused),
        Sample("WrongMode", ["mode": "stopped", "needed": "running"], "refused: the pump is stopped; this needs running", .refused),
        Sample("Busy", ["task": "singleBolus"], "refused: busy with a single bolus (wait for it to finish)", .refused),
        Sample("PatientBolusNotAllowed", [:], "refused: the active program allows no patient bolus", .refused),
        Sample("Lockout", ["remaining": 4_800], "refused: patient bolus locked out for another 1 h 20 min", .refused),
        Sample("PatientBolusDailyMaximum", ["used": 4, "maximum": 4], "refused: patient bolus daily maximum reached: 4 of 4 in the last 24 hours", .refused),
        Sample("DrugMismatch", ["prescribed": ["name": "baclofen", "concentration": 2000], "inReservoir": ["name": "baclofen", "concentration": 500]],
         "refused: drug mismatch: the program is for baclofen 2000 µg/mL but the reservoir holds baclofen 500 µg/mL", .refused),
        Sample("AlarmNotRaised", ["kind": "occlusion"], "refused: no occlusion alarm is raised", .refused),
        Sample("NoBolusRunning", ["kind": "patientBolus"], "refused: no patientBolus is running to end", .refused),
        Sample("NoCalibrationRun", [:], "refused: no finished calibration run to commit (run one: pumpctl calibrate run)", .refused),
        Sample("CalibrationRunInterrupted", ["made": 120, "steps": 400],
         "refused: the calibration run was cut short after 120 of 400 steps: run it again", .refused),
        Sample("CalibrationRunInProgress", [:], "refused: a calibration run is still running (wait for it, or pumpctl stop)", .refused),
        Sample("CalibrationRunMotionMismatch", ["commanded": 400, "seen": 398],
         "refused: the encoder saw 398 of the run's 400 commanded steps: fix the motor and run it again", .refused),
        Sample("CalibrationRunNotYours", ["startedBy": 1001], "refused: the calibration run was started by uid 1001: only that user may commit it", .refused),
        Sample("CalibrationRunExpired", ["finishedSecondsAgo": 5400],
         "refused: the calibration run finished 1 h 30 min ago, more than an hour: run it again", .refused),
        Sample("InvalidRefill", ["violations": [["rule": "drug-change-needs-prescription", "field": "refill.drug.name", "actual": "morphine", "limit": "= baclofen"]]],
         "invalid refill:\n  refill.drug.name is morphine, must be = baclofen (drug-change-needs-prescription)", .refused),
        Sample("StaleToken", ["reason": "expired"], "refused: the review is out of date (expired); review the program again", .refused),
        Sample("PermissionDenied", ["method": "CommitPrescription", "role": "observer", "needed": "clinician"],
         "permission denied: CommitPrescription needs the clinician role; you are observer", .permissionDenied),
        Sample("PermissionDenied", ["method": "Stop", "role": "operator", "needed": "clinician",
            "reason": "stop is granted to operators by [access] operators_may_stop, which this profile does not set"],
         "permission denied: Stop needs the clinician role; you are operator "
            + "(stop is granted to operators by [access] operators_may_stop, which this profile does not set)", .permissionDenied),
        Sample("MalformedRequest", ["reason": "expected a value", "offset": 17],
         "refused: pumpd could not read pumpctl's request at byte 17: expected a value (a pumpctl bug: please report it)", .refused),
        Sample("RequestTooLarge", ["limitBytes": 65_536], "refused: the request is larger than pumpd accepts (65536 bytes)", .refused),
        Sample("StorageFailed", ["reason": "disk I/O error"],
         "storage failed: the change was applied but is not safely on disk (disk I/O error); a storage-failure alarm is raised", .refused),
        Sample("ReloadRefused", ["reason": "settings that need a restart changed ([motor])", "profile": "/etc/pumpd/rig.toml"],
         "reload refused, nothing changed (/etc/pumpd/rig.toml): settings that need a restart changed ([motor])", .refused),
        // Issue 14, alarm outputs.
        Sample("NothingToSilence", [:], "refused: no alarm is sounding: nothing to silence", .refused),
        Sample("AlarmTestRunning", ["remaining": 4], "refused: an alarm test is already playing (4.0 s left)", .refused),
        Sample("NoAlarmOutputs", ["reason": "this rig has no alarm outputs ([alarm_outputs] in the profile names none)"],
         "refused: this rig has no alarm outputs ([alarm_outputs] in the profile names none)", .refused),
        Sample("LoopStopped", ["reason": "pumpd is shutting down (delivery stopped, motor disabled)"],
         "refused, nothing changed: pumpd's control loop is not running: pumpd is shutting down (delivery stopped, motor disabled)", .refused),
    ]

    static let warning: JSONValue = [
        "code": "reservoir-low-soon", "field": "prescription.lowReservoirAlarm", "message": "the low-reservoir alarm is due in 3 d",
        "amount": ["unit": "s", "actual": 259_200, "limit": 604_800],
    ]

    /// Issue 11's errors (the contract between the helpers), which the interface may not declare yet.
    static let contractSamples: [Sample] = [
        Sample("WarningsNotAccepted", ["warnings": [warning]],
         "refused: warnings not accepted:\n  reservoir-low-soon at prescription.lowReservoirAlarm: the low-reservoir alarm is due in 3 d\n"
            + "After reading them, accept them with: --accept reservoir-low-soon", .refused),
        Sample("OverrideReasonRequired", ["codes": ["soft-limit-daily-dose"]],
         "refused: accepting soft-limit-daily-dose overrides a drug-library soft limit: give --override-reason TEXT", .refused),
        Sample("InvalidRefill", ["violations": [["rule": "drug-swap", "field": "refill.drug.name", "actual": "morphine", "limit": "baclofen (the active program's)"]]],
         "invalid refill:\n  refill.drug.name is morphine, must be baclofen (the active program's) (drug-swap)", .refused),
    ]

    @Test func everyPumpErrorIsWordedForPeople() {
        for sample in Self.samples + Self.contractSamples {
            let failure = DaemonErrorMessage.failure(for: VarlinkError("io.pumpd.Pump.\(sample.name)", parameters: sample.parameters))
            #expect(failure.message == sample.message, "\(sample.name)")
            #expect(failure.status == sample.status, "\(sample.name)")
        }
    }

    @Test func everyErrorTheInterfaceDeclaresHasASample() throws {
        let idl = try String(contentsOf: Self.interfaceFile("io.pumpd.Pump.varlink"), encoding: .utf8)
        let declared = Set(Self.errorNames(in: idl))
        #expect(declared.count >= 19)
        #expect(Set(Self.samples.map(\.name)).isSubset(of: declared))
        #expect(declared.isSubset(of: Set((Self.samples + Self.contractSamples).map(\.name))), "\(declared)")
    }

    @Test func everyRigErrorHasAWordingOfItsOwn() throws {
        let idl = try String(contentsOf: Self.interfaceFile("io.pumpd.Rig.varlink"), encoding: .utf8)
        let declared = Self.errorNames(in: idl)
        let samples: [String: JSONObject] = [
            "NotVirtualClock": ["clock": "real"], "InvalidValue": ["field": "seconds", "value": "-1", "expected": "positive"],
            "PermissionDenied": ["method": "AdvanceTime", "role": "observer", "needed": "clinician"],
            "LoopStopped": ["reason": "pumpd is shutting down: the clock moved 1 d of the 2 d asked", "advanced": 86_400],
        ]
        for name in declared {
            let error = VarlinkError("io.pumpd.Rig.\(name)", parameters: try #require(samples[name], "\(name)"))
            #expect(DaemonErrorMessage.failure(for: error).message != DaemonErrorMessage.unknown(error), "\(name)")
        }
    }

    /// The rig's LoopStopped may come after the clock moved part of the way: never "nothing changed".
    @Test func theRigsLoopStoppedSaysHowFarTheClockMovedRatherThanNothingChanged() {
        let reason = "pumpd is shutting down: the clock moved 1 d of the 2 d asked"
        let failure = DaemonErrorMessage.failure(
            for: VarlinkError("io.pumpd.Rig.LoopStopped", parameters: ["reason": .string(reason), "advanced": 86_400]))
        #expect(failure.message == "stopped: " + reason)
        #expect(failure.status == .refused)
    }

    @Test func serviceErrorsAreWorded() {
        #expect(DaemonErrorMessage.failure(for: .methodNotFound("io.pumpd.Pump.Frobnicate")).message
            == "refused: pumpd does not know io.pumpd.Pump.Frobnicate (is pumpd older than pumpctl?)")
        #expect(DaemonErrorMessage.failure(for: .invalidParameter("basal.rate")).message.hasPrefix("refused: pumpd rejected the parameter basal.rate"))
        #expect(DaemonErrorMessage.failure(for: .permissionDenied).status == .permissionDenied)
        #expect(DaemonErrorMessage.failure(for: .expectedMore).status == .refused)
    }

    @Test func unknownErrorsPrintTheirNameAndParameters() {
        let failure = DaemonErrorMessage.failure(for: VarlinkError("io.pumpd.Pump.Overheated", parameters: ["celsius": 80]))
        #expect(failure.message == #"refused: io.pumpd.Pump.Overheated {"celsius":80}"#)
        #expect(failure.status == .refused)
        #expect(DaemonErrorMessage.failure(for: VarlinkError("com.example.Other")).message == "refused: com.example.Other")
    }

    @Test func aKnownErrorWithUnexpectedParametersFallsBackToNameAndParameters() {
        let failure = DaemonErrorMessage.failure(for: VarlinkError("io.pumpd.Pump.Lockout", parameters: ["remaining": "soon"]))
        #expect(failure.message == #"refused: io.pumpd.Pump.Lockout {"remaining":"soon"}"#)
        let denied = DaemonErrorMessage.failure(for: VarlinkError("io.pumpd.Pump.PermissionDenied", parameters: ["method": "Stop"]))
        #expect(denied.status == .refused)
        #expect(denied.message.contains("PermissionDenied"))
    }

    /// The names in the `error Name (…)` lines of an interface definition.
    static func errorNames(in idl: String) -> [String] {
        idl.split(separator: "\n").filter { $0.hasPrefix("error ") }.map { line in
            String(line.dropFirst(6).prefix { character in character != " " && character != "(" })
        }
    }

    static func interfaceFile(_ name: String) -> URL {
        URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("Sources/PumpService/Interfaces/\(name)")
    }
}
