public import Varlink

/// `FlexStep`: from local time `start` ("HH:MM") the basal rate is `rate` ng/day.
public struct WireFlexStep: WireRecord, Hashable {
    public var start: String
    public var rate: Int64

    public init(start: String, rate: Int64) {
        self.start = start
        self.rate = rate
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        start = try fields.required("start")
        rate = try fields.required("rate")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue { ["start": .string(start), "rate": .integer(rate)] }
}
