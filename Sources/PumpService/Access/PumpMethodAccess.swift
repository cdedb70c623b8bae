public import PumpProfile

/// The role each io.pumpd.Pump method needs under a profile's `[access]`, and why a caller below
/// it is refused. Stop needs a clinician unless `[access] operators_may_stop` grants it to
/// operators (a bench rig, where the person at the console must be able to stop); Resume always
/// needs a clinician.
public enum PumpMethodAccess {
    /// The role each method needs without any grant.
    static let needs: [String: AccessRole] = [
        "GetStatus": .observer, "GetPrescription": .observer, "ValidatePrescription": .observer, "GetAlarms": .observer,
        "GetHistory": .observer, "WatchEvents": .observer, "ValidateRefill": .observer, "ValidateFirstFill": .observer, "Bolus": .operator, "EndBolus": .operator, "AcknowledgeAlarm": .operator,
        "Reload": .operator,
        "CommitPrescription": .programmer, "Stop": .programmer, "Resume": .programmer, "CommitRefill": .programmer, "CommitFirstFill": .programmer,
        "Prime": .programmer, "Calibrate": .programmer,
        // Issue 14 (linecal): bench procedures, a clinician's.
        "StartCalibrationRun": .programmer, "CommitCalibrationRun": .programmer,
        // Issue 14, alarm outputs: silencing is the person at the pump's; the alarm test a clinician's.
        "SilenceAlarms": .operator, "TestAlarms": .programmer,
    ]

    /// The grant that opens Stop to operators, as the profile writes it.
    public static let stopGrant = "stop is granted to operators by [access] operators_may_stop"

    /// The role `method` needs under `access`; nil for a method io.pumpd.Pump does not have.
    public static func needed(for method: String, under access: AccessProfile) -> AccessRole? {
        if method == "Stop", access.operatorsMayStop { return .operator }
        return needs[method]
    }

    /// What the profile's grants say about `method`, for the reason of a refusal; nil when no
    /// grant concerns it.
    public static func grantNote(for method: String, under access: AccessProfile) -> String? {
        guard method == "Stop" else { return nil }
        return access.operatorsMayStop ? stopGrant : "\(stopGrant), which this profile does not set"
    }
}
