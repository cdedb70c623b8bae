public import PumpCore

/// The rig's alarm outputs: a buzzer, a red and a yellow lamp (each optional), and optionally a
/// sense input that reads whether the buzzer really sounds (a microphone comparator, a current
/// sense on the buzzer's supply).
///
/// Callers: the control loop thread only (the power-on self-test runs on it before the first
/// wake). `drive` and `buzzerSensed` write or read one line and never wait, so the motor's
/// deadlines never wait on the buzzer; only `settleSense` blocks, for the self-test.
public protocol AlarmOutputs: AnyObject {
    /// Where they are, for messages, e.g. "gpiochip0 lines BUZZER, LED_RED, LED_YELLOW".
    var source: String { get }
    var hasBuzzer: Bool { get }
    var hasRedLamp: Bool { get }
    var hasYellowLamp: Bool { get }
    var hasBuzzerSense: Bool { get }

    /// Drives each output the rig has to its level in `levels` (logical: true = sounding, lit).
    func drive(_ levels: AnnunciatorLevels) throws(HardwareError)

    /// Whether the buzzer sounds now according to its sense line; nil without one.
    func buzzerSensed() throws(HardwareError) -> Bool?

    /// Waits until the sense line follows a buzzer change just driven (its settling time; 0 on a
    /// simulated rig). Blocks the caller: for the power-on self-test, before the loop runs.
    func settleSense()

    /// Keeps the outputs as driven for `nanoseconds` (at once on a simulated rig, whose clock
    /// only the loop moves). Blocks the caller: for the power-on self-test's audible pulse.
    func hold(nanoseconds: Int64)
}
