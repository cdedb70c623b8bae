public import PumpCore

/// A DC peristaltic motor metered by encoder pulses (one pulse = one metered unit).
public struct PeristalticDrive: Hashable, Sendable {
    /// Running this long without an encoder pulse is a stall: the motor is stopped.
    public var stallTimeout: TimeSpan
    /// Kernel debounce of the encoder input; zero for none (non-zero needs libgpiod 2.x).
    public var encoderDebounce: TimeSpan
    /// Nil on a simulated rig.
    public var lines: PeristalticLines?

    public init(stallTimeout: TimeSpan, encoderDebounce: TimeSpan = .zero, lines: PeristalticLines? = nil) {
        self.stallTimeout = stallTimeout
        self.encoderDebounce = encoderDebounce
        self.lines = lines
    }
}
