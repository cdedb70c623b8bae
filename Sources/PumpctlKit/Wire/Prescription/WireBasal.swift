public import Varlink

/// `Basal`: none, continuous at `rate` ng/day, or a flex schedule.
public struct WireBasal: WireRecord, Hashable {
    /// none, continuous or flex.
    public var kind: String
    public var rate: Int64?
    public var flex: WireFlexSchedule?

    public init(kind: String, rate: Int64? = nil, flex: WireFlexSchedule? = nil) {
        self.kind = kind
        self.rate = rate
        self.flex = flex
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        kind = try fields.required("kind")
        rate = try fields.optional("rate")
        flex = try fields.optional("flex")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue {
        var object: JSONObject = ["kind": .string(kind)]
        if let rate { object["rate"] = .integer(rate) }
        if let flex { object["flex"] = flex.json }
        return .object(object)
    }
}
