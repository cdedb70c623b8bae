/// `Event`: one entry of the append-only event log; `detail` is the event's fields as JSON text.
public struct WireEvent: Codable, Sendable, Hashable {
    public var sequence: Int64
    public var time: String
    public var kind: String
    public var summary: String
    public var detail: String
    public var caller: WireCaller?

    public init(sequence: Int64, time: String, kind: String, summary: String, detail: String, caller: WireCaller? = nil) {
        self.sequence = sequence
        self.time = time
        self.kind = kind
        self.summary = summary
        self.detail = detail
        self.caller = caller
    }
}

/// `HourlyDelivery`: what one hour delivered (UTC-aligned, shown in local time), volume nL and
/// mass ng.
public struct WireHourlyDelivery: Codable, Sendable, Hashable {
    public var hour: String
    public var volume: Int64
    public var mass: Int64

    public init(hour: String, volume: Int64, mass: Int64) {
        self.hour = hour
        self.volume = volume
        self.mass = mass
    }
}
