/// Which GPIO chip a rig profile means.
public enum GPIOChipSelector: Hashable, Sendable, CustomStringConvertible {
    /// A device path, e.g. "/dev/gpiochip0".
    case path(String)
    /// A kernel chip name, e.g. "gpiochip0" (opened as "/dev/gpiochip0").
    case name(String)
    /// A chip label, e.g. "pinctrl-bcm2711": every /dev/gpiochip* is opened and the one chip
    /// carrying this label is used. Stable across boots, unlike chip numbers.
    case label(String)

    public var description: String {
        switch self {
        case .path(let path): path
        case .name(let name): name
        case .label(let label): "label \"\(label)\""
        }
    }
}

/// Which line of a chip a rig profile means.
public enum GPIOLineSelector: Hashable, Sendable, CustomStringConvertible {
    /// A line name from the device tree's gpio-line-names, e.g. "MOTOR_STEP".
    case name(String)
    /// A line offset on the chip, 0 ..< the chip's line count.
    case offset(Int)

    public var description: String {
        switch self {
        case .name(let name): name
        case .offset(let offset): "\(offset)"
        }
    }
}

/// A line's pull resistor.
public enum GPIOBias: Hashable, Sendable {
    /// Leave whatever the board, firmware or device tree configured.
    case asIs
    /// No pull resistor.
    case disabled
    case pullUp
    case pullDown
}

/// An output line's drive.
public enum GPIODrive: Hashable, Sendable {
    case pushPull
    case openDrain
    case openSource
}

/// One GPIO line as a profile configures it: which line, and its electrical conventions.
///
/// Levels in this API are logical: "active" is the low voltage when `activeLow` is true, and the
/// kernel applies the inversion.
public struct GPIOLineSpec: Hashable, Sendable, CustomStringConvertible {
    public var selector: GPIOLineSelector
    /// The active (asserted, enabled) level is the low voltage.
    public var activeLow: Bool
    /// Pull resistor; for inputs and open-drain/open-source outputs.
    public var bias: GPIOBias
    /// Output drive; ignored for inputs.
    public var drive: GPIODrive

    public init(_ selector: GPIOLineSelector, activeLow: Bool = false, bias: GPIOBias = .asIs, drive: GPIODrive = .pushPull) {
        self.selector = selector
        self.activeLow = activeLow
        self.bias = bias
        self.drive = drive
    }

    public var description: String { activeLow ? "\(selector) (active low)" : "\(selector)" }
}

/// An output held at one logical level for the life of a driver, e.g. a stepper driver's
/// microstep-select pins (MS1..MS3, M0..M2).
public struct GPIOFixedOutput: Hashable, Sendable {
    public var line: GPIOLineSpec
    /// The logical level driven from the moment the line is requested.
    public var active: Bool

    public init(_ line: GPIOLineSpec, active: Bool) {
        self.line = line
        self.active = active
    }
}
