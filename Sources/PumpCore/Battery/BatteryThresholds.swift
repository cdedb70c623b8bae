/// Battery voltage thresholds from the rig profile.
public struct BatteryThresholds: Hashable, Sendable {
    /// At or below: elective replacement indicator (non-critical).
    public var electiveReplacementMillivolts: Int64
    /// At or below: end of service (critical: delivery stops).
    public var endOfServiceMillivolts: Int64
    /// A condition clears only once the voltage rises this far above its threshold, so a reading
    /// hovering on a threshold does not toggle the alarm.
    public var hysteresisMillivolts: Int64

    public init(electiveReplacementMillivolts: Int64, endOfServiceMillivolts: Int64, hysteresisMillivolts: Int64 = 50) {
        self.electiveReplacementMillivolts = electiveReplacementMillivolts
        self.endOfServiceMillivolts = endOfServiceMillivolts
        self.hysteresisMillivolts = hysteresisMillivolts
    }
}
