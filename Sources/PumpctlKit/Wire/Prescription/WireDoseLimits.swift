public import Varlink

/// `DoseLimits`: maxima in ng over any 24 hours, over any hour, and for one bolus.
public struct WireDoseLimits: WireRecord, Hashable {
    public var maximumDailyDose: Int64
    public var maximumHourlyDose: Int64
    public var maximumBolus: Int64

    public init(maximumDailyDose: Int64, maximumHourlyDose: Int64, maximumBolus: Int64) {
        self.maximumDailyDose = maximumDailyDose
        self.maximumHourlyDose = maximumHourlyDose
        self.maximumBolus = maximumBolus
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        maximumDailyDose = try fields.required("maximumDailyDose")
        maximumHourlyDose = try fields.required("maximumHourlyDose")
        maximumBolus = try fields.required("maximumBolus")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue {
        ["maximumDailyDose": .integer(maximumDailyDose), "maximumHourlyDose": .integer(maximumHourlyDose), "maximumBolus": .integer(maximumBolus)]
    }
}
