/// What a motor driver's `enable()` does to its ENABLE line: whether a power-on self-test that
/// calls it (with no step) really drives the driver, or only allows later steps.
public enum MotorEnableEffect: Hashable, Sendable {
    /// `enable()` drives ENABLE active at once; the driver is awake `setupNanoseconds` later (the
    /// profile's `enable_setup_ns`), so faults and DIAG are judged only after that.
    case drivesLine(setupNanoseconds: Int64)
    /// `enable()` drives nothing: ENABLE goes active only around each step or pulse. `reason`
    /// says why, for the self-test's evidence.
    case armsOnly(reason: String)
}
