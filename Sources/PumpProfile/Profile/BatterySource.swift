/// Where battery voltage comes from.
public enum BatterySource: Hashable, Sendable {
    /// The simulated rig's battery model.
    case simulated
    /// A power-supply directory or an IIO voltage channel (quantity `.voltageMillivolts`).
    case sysfs(AnalogChannelSpec)
}
