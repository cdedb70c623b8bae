public import Varlink

/// `PatientBolusPolicy`: `dose` ng over `duration` s, at most one per `lockout` s and
/// `maximumPerDay` in any 24 hours.
public struct WirePatientBolusPolicy: WireRecord, Hashable {
    public var dose: Int64
    public var duration: Int64
    public var lockout: Int64
    public var maximumPerDay: Int64

    public init(dose: Int64, duration: Int64, lockout: Int64, maximumPerDay: Int64) {
        self.dose = dose
        self.duration = duration
        self.lockout = lockout
        self.maximumPerDay = maximumPerDay
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        dose = try fields.required("dose")
        duration = try fields.required("duration")
        lockout = try fields.required("lockout")
        maximumPerDay = try fields.required("maximumPerDay")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue {
        ["dose": .integer(dose), "duration": .integer(duration), "lockout": .integer(lockout), "maximumPerDay": .integer(maximumPerDay)]
    }

    /// `25 µg over 5 min, lockout 2 h, at most 4 a day`.
    public var text: String {
        "\(QuantityFormatter.mass(nanograms: dose)) over \(QuantityFormatter.duration(seconds: duration)), "
            + "lockout \(QuantityFormatter.duration(seconds: lockout)), at most \(maximumPerDay) a day"
    }
}
