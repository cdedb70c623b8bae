/// A stepper driver's stall output (TMC2209 DIAG driven by StallGuard, or any "motor did not
/// follow" line): asserted = the rotor is not following the steps.
///
/// A DIAG pulse can be shorter than the loop's look at it, so the input latches: a stall seen at
/// any time since the previous call counts.
///
/// Callers: the control loop thread only. `takeStall()` does not allocate.
public protocol StallInput: AnyObject {
    /// Where it comes from, for messages, e.g. "gpiochip0 line MOTOR_DIAG".
    var source: String { get }

    /// True when the output is asserted now or was asserted at any time since the previous call.
    func takeStall() throws(HardwareError) -> Bool
}
