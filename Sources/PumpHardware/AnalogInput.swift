/// A numeric input sampled on demand: line pressure, battery voltage, battery charge.
///
/// Callers: the control loop thread only, at the profile's poll interval. Averaging, thresholds
/// and stuck detection happen above this protocol.
public protocol AnalogInput: AnyObject {
    /// Where it comes from, for messages, e.g. "/sys/bus/iio/devices/iio:device0/in_pressure_raw".
    var source: String { get }

    /// The quantity this channel reports and its integer unit.
    var quantity: AnalogQuantity { get }

    /// One reading in `quantity`'s unit, with raw scale and offset already applied.
    func read() throws(HardwareError) -> Int64
}

/// What an analog channel measures, and the integer unit its readings use.
public enum AnalogQuantity: String, Hashable, Sendable, Codable {
    /// Line pressure in pascals (gauge).
    case pressurePascals = "pressure"
    /// Battery voltage in millivolts.
    case voltageMillivolts = "voltage"
    /// Battery charge in percent.
    case capacityPercent = "capacity"
}
