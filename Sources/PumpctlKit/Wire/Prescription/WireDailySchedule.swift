public import Varlink

/// `DailySchedule`: the steps of one day.
public struct WireDailySchedule: WireRecord, Hashable {
    public var steps: [WireFlexStep]

    public init(steps: [WireFlexStep]) { self.steps = steps }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        steps = try fields.required("steps")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue { ["steps": .array(steps.map(\.json))] }

    /// `00:00 400 µg/day, 08:00 600 µg/day`.
    public var text: String {
        steps.map { "\($0.start) \(QuantityFormatter.doseRate(nanogramsPerDay: $0.rate))" }.joined(separator: ", ")
    }
}
