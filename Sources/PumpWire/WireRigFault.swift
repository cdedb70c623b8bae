/// The rig's fault switches as io.pumpd.Rig names them (`FaultChanges`): the one list pumpd's rig
/// interface accepts and pump-hil checks a scenario's `faults` against before anything runs.
public enum WireRigFault: String, CaseIterable, Sendable {
    case occlusion, stall, driverFault, motorHang, failingSensors, stuckSensors, batterySag, leakRate
    // Motion verification (issue 14, motion): per mille of steps lost / slipped, nL/hour of free flow.
    case lostSteps, couplingSlip, freeFlow
    // Issue 14, alarm outputs.
    case deadBuzzer

    /// What a switch is set to.
    public enum Setting: Sendable, Hashable {
        /// true or false.
        case flag
        /// A list of sensor names (``WireRigFault/sensors``); empty clears them all.
        case sensors
        /// A whole number in the range (0 clears): mV of battery sag, nL/hour of leak or free flow,
        /// per mille of lost or slipped steps.
        case amount(ClosedRange<Int64>)
    }

    public var setting: Setting {
        switch self {
        case .occlusion, .stall, .driverFault, .motorHang: .flag
        case .deadBuzzer: .flag
        case .failingSensors, .stuckSensors: .sensors
        case .batterySag: .amount(0...99_999)
        case .leakRate: .amount(0...999_999_999)
        case .lostSteps, .couplingSlip: .amount(0...1_000)
        case .freeFlow: .amount(0...999_999_999)
        }
    }

    /// The range of an amount; nil for the other switches.
    public var amountRange: ClosedRange<Int64>? {
        if case .amount(let range) = setting { range } else { nil }
    }

    /// The sensors a sensor fault may name (the simulated rig's sensors; a test holds the two lists equal).
    public static let sensors = ["pressure", "battery", "occlusionSwitch", "reservoirSwitch", "driverFaultLine"]

    /// Every switch's name, in the interface's order.
    public static let names = allCases.map(\.rawValue)
}
