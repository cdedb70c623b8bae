/// A sensor of the simulated rig, as named by sensor faults.
public enum SimulatedSensor: String, Hashable, Sendable, CaseIterable, CustomStringConvertible {
    /// Line pressure (analog, pascals).
    case pressure
    /// Battery voltage (analog, millivolts).
    case battery
    /// Occlusion pressure switch (binary).
    case occlusionSwitch
    /// Reservoir-low switch (binary).
    case reservoirSwitch
    /// The motor driver's fault output (binary).
    case driverFaultLine

    /// Whether the sensor is a two-state input.
    public var isBinary: Bool {
        switch self {
        case .pressure, .battery: false
        case .occlusionSwitch, .reservoirSwitch, .driverFaultLine: true
        }
    }

    /// The path its read errors name: `sim:<sensor>`.
    public var source: String { "sim:\(rawValue)" }

    public var description: String { rawValue }
}
