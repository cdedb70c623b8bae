public import PumpHardware

/// A sysfs analog channel, as `SysfsAnalogInput` opens it.
public struct AnalogChannelSpec: Hashable, Sendable, CustomStringConvertible {
    public enum Source: Hashable, Sendable {
        /// An IIO device directory (`/sys/bus/iio/devices/iio:device0`) and channel (`pressure`,
        /// `voltage0`): `in_<channel>_raw`, with `_scale` and `_offset` when present.
        case iio(directory: String, channel: String)
        /// A power-supply class directory (`/sys/class/power_supply/<name>`): `voltage_now`.
        case powerSupply(directory: String)
    }

    public var source: Source
    public var quantity: AnalogQuantity

    public init(source: Source, quantity: AnalogQuantity) {
        self.source = source
        self.quantity = quantity
    }

    /// The file holding the raw (IIO) or final (power supply) value.
    public var valuePath: String {
        switch source {
        case .iio(let directory, let channel): "\(directory)/in_\(channel)_raw"
        case .powerSupply(let directory): "\(directory)/\(quantity == .capacityPercent ? "capacity" : "voltage_now")"
        }
    }

    public var description: String { valuePath }
}
