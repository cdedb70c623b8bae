public import Varlink

/// `HourlyDelivery`: what one hour delivered, volume nL and mass ng.
public struct WireHourlyDelivery: WireRecord, Hashable {
    public var hour: String
    public var volume: Int64
    public var mass: Int64

    public init(hour: String, volume: Int64, mass: Int64) {
        self.hour = hour
        self.volume = volume
        self.mass = mass
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        hour = try fields.required("hour")
        volume = try fields.required("volume")
        mass = try fields.required("mass")
    }
}
