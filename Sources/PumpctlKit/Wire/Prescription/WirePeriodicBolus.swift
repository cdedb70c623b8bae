public import Varlink

/// `PeriodicBolus`: `dose` ng over `duration` s every `interval` s, the first `firstStartDelay` s
/// after delivery starts.
public struct WirePeriodicBolus: WireRecord, Hashable {
    public var dose: Int64
    public var duration: Int64
    public var interval: Int64
    public var firstStartDelay: Int64

    public init(dose: Int64, duration: Int64, interval: Int64, firstStartDelay: Int64) {
        self.dose = dose
        self.duration = duration
        self.interval = interval
        self.firstStartDelay = firstStartDelay
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        dose = try fields.required("dose")
        duration = try fields.required("duration")
        interval = try fields.required("interval")
        firstStartDelay = try fields.required("firstStartDelay")
    }

    /// The JSON object io.pumpd.Pump defines, in wire units.
    public var json: JSONValue {
        ["dose": .integer(dose), "duration": .integer(duration), "interval": .integer(interval), "firstStartDelay": .integer(firstStartDelay)]
    }

    /// `50 µg over 10 min every 6 h, first after 1 h`.
    public var text: String {
        "\(QuantityFormatter.mass(nanograms: dose)) over \(QuantityFormatter.duration(seconds: duration)) "
            + "every \(QuantityFormatter.duration(seconds: interval)), first after \(QuantityFormatter.duration(seconds: firstStartDelay))"
    }
}
