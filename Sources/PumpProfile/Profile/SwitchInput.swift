public import PumpCore
public import PumpHardware

/// A two-state input (occlusion switch, reservoir-low switch): asserted = the condition holds.
public struct SwitchInput: Hashable, Sendable {
    public var line: GPIOLineSpec
    /// How long a level must hold before it counts (`GPIOBinaryInput`'s debounce); zero for none.
    public var debounce: TimeSpan

    public init(line: GPIOLineSpec, debounce: TimeSpan = .zero) {
        self.line = line
        self.debounce = debounce
    }
}
