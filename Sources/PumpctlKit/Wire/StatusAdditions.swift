public import Varlink

/// The parts of io.pumpd.Pump's `Status` that issue 11 adds (bridge, patient boluses, expected
/// low and empty dates), read from the reply's `status` object beside `WireStatus`; each absent
/// from an older pumpd, and then not shown.
public struct StatusAdditions: Sendable, Hashable {
    public var bridge: BridgeState?
    public var patientBolus: PatientBolusState?
    public var lowReservoirExpectedAt: String?
    public var emptyExpectedAt: String?

    public init(
        bridge: BridgeState? = nil, patientBolus: PatientBolusState? = nil, lowReservoirExpectedAt: String? = nil, emptyExpectedAt: String? = nil
    ) {
        self.bridge = bridge
        self.patientBolus = patientBolus
        self.lowReservoirExpectedAt = lowReservoirExpectedAt
        self.emptyExpectedAt = emptyExpectedAt
    }

    /// Reads them from a `status` object; throws `invalidParameter` naming a field that is there but does not fit.
    public init(status: JSONValue) throws(VarlinkError) {
        let object = status.objectValue ?? [:]
        let fields = VarlinkParameters(object, path: "status")
        bridge = try fields.optional("bridge", as: BridgeState.self)
        patientBolus = try fields.optional("patientBolus", as: PatientBolusState.self)
        let reservoir = VarlinkParameters(object["reservoir"]?.objectValue ?? [:], path: "status.reservoir")
        lowReservoirExpectedAt = try reservoir.optional("lowReservoirExpectedAt", as: String.self)
        emptyExpectedAt = try reservoir.optional("emptyExpectedAt", as: String.self)
    }
}
