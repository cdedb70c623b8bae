/// Something that sees the pump move: an encoder or tachometer whose pulses the control loop
/// compares with the steps it commanded (a stall, lost steps, a slipping coupling) and watches
/// while the motor is disabled (free flow, coasting, a driver that ignores ENABLE).
///
/// Units: pulses (rising edges of the encoder line). How many pulses one step makes is the
/// profile's (`encoder_pulses_per_rev` / `steps_per_rev` on a stepper; one per metered unit on a
/// DC peristaltic pump and on the simulated rig).
///
/// Callers: the control loop thread only. `takePulses()` does not allocate.
public protocol MotionSensor: AnyObject {
    /// Where it comes from, for messages, e.g. "gpiochip0 line MOTOR_ENCODER".
    var source: String { get }

    /// Pulses counted since the previous call (or since the sensor was made), ≥ 0; the count
    /// restarts at zero. A DC peristaltic driver reports only the pulses that came while its motor
    /// was off (between units): the ones during a unit are the unit.
    func takePulses() throws(HardwareError) -> Int64
}
