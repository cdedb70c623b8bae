public import Varlink

/// `Prescription`: everything a clinician programs, in wire units.
public struct WirePrescription: WireRecord, Hashable {
    public var drug: WireDrug
    public var basal: WireBasal
    public var periodicBolus: WirePeriodicBolus?
    public var patientBolus: WirePatientBolusPolicy?
    public var limits: WireDoseLimits
    /// nL remaining at which the low-reservoir alarm sounds.
    public var lowReservoirAlarm: Int64

    public init(
        drug: WireDrug, basal: WireBasal, periodicBolus: WirePeriodicBolus? = nil, patientBolus: WirePatientBolusPolicy? = nil,
        limits: WireDoseLimits, lowReservoirAlarm: Int64
    ) {
        self.drug = drug
        self.basal = basal
        self.periodicBolus = periodicBolus
        self.patientBolus = patientBolus
        self.limits = limits
        self.lowReservoirAlarm = lowReservoirAlarm
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        drug = try fields.required("drug")
        basal = try fields.required("basal")
        periodicBolus = try fields.optional("periodicBolus")
        patientBolus = try fields.optional("patientBolus")
        limits = try fields.required("limits")
        lowReservoirAlarm = try fields.required("lowReservoirAlarm")
    }

    /// The JSON object the IDL defines; absent optional parts are left out.
    public var json: JSONValue {
        var object: JSONObject = ["drug": drug.json, "basal": basal.json]
        if let periodicBolus { object["periodicBolus"] = periodicBolus.json }
        if let patientBolus { object["patientBolus"] = patientBolus.json }
        object["limits"] = limits.json
        object["lowReservoirAlarm"] = .integer(lowReservoirAlarm)
        return .object(object)
    }
}
