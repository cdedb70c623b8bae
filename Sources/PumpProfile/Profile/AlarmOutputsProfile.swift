public import PumpCore
public import PumpHardware

/// `[alarm_outputs]`: the buzzer and lamp lines (GPIO rigs; the simulated rig always has its own),
/// the buzzer's sense input, and the annunciation timing. Every key is optional.
public struct AlarmOutputsProfile: Hashable, Sendable {
    /// `buzzer_line`, `red_led_line`, `yellow_led_line`: outputs, active = sounding or lit.
    public var buzzer: GPIOLineSpec?
    public var redLamp: GPIOLineSpec?
    public var yellowLamp: GPIOLineSpec?
    /// `buzzer_sense_line`: an input, asserted while the buzzer really sounds.
    public var buzzerSense: GPIOLineSpec?
    /// `realert_high`, `realert_medium`, `realert_low`, `max_silence`, `acknowledge_pause`
    /// (durations in the notation's grammar: "10s", "1h", "2min").
    public var timing: AnnunciationSettings

    public init(
        buzzer: GPIOLineSpec? = nil, redLamp: GPIOLineSpec? = nil, yellowLamp: GPIOLineSpec? = nil, buzzerSense: GPIOLineSpec? = nil,
        timing: AnnunciationSettings = AnnunciationSettings()
    ) {
        self.buzzer = buzzer
        self.redLamp = redLamp
        self.yellowLamp = yellowLamp
        self.buzzerSense = buzzerSense
        self.timing = timing
    }

    /// No lines, default timing: what a profile without `[alarm_outputs]` gets.
    public static let defaults = AlarmOutputsProfile()

    /// Whether any output line is given.
    public var hasOutputs: Bool { buzzer != nil || redLamp != nil || yellowLamp != nil }
}
