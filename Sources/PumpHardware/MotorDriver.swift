/// A pump motor that delivers fluid in fixed units: one STEP pulse of a stepper, or one encoder
/// pulse of a DC peristaltic pump.
///
/// Callers: the control loop thread only, which owns the driver. Every method returns within the
/// profile's timing bounds (a stepper step takes its minimum pulse width; a DC pulse at most the
/// stall timeout).
public protocol MotorDriver: AnyObject {
    /// A name for messages, e.g. "stepper on gpiochip0".
    var name: String { get }

    /// Drives ENABLE to its safe, disabled level. Idempotent; must work after any other call
    /// failed. Called before the first step, on every stop and critical alarm, and on shutdown.
    func disable() throws(HardwareError)

    /// Drives ENABLE to its active level so steps move the motor (or, per `enableEffect`, only
    /// allows steps that drive it themselves).
    func enable() throws(HardwareError)

    /// What `enable()` drives now: ENABLE itself (and the driver's wake-up time), or nothing.
    var enableEffect: MotorEnableEffect { get }

    /// Blocks until the driver is awake after `enable()` drove ENABLE active (its enable set-up
    /// time from that edge); returns at once when nothing is pending. For the power-on self-test,
    /// before the loop runs; steps wait out the set-up time themselves.
    func awaitEnableSetup()

    /// Delivers one unit forward. For a DC pump: runs until one encoder pulse is counted.
    ///
    /// - Throws: `.stall` when an encoder shows no movement in time, `.driverFault` when the
    ///   driver's fault input is asserted, `.gpio` on an I/O failure. The motor is then left in
    ///   whatever state the failure allows; the caller disables it.
    func step() throws(HardwareError)

    /// Moves one unit backwards (bounded pressure relief after an occlusion).
    func reverseStep() throws(HardwareError)
}
