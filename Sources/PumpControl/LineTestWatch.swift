/// The control loop's count of clear samples towards a running line test's pass.
struct LineTestWatch {
    /// Consecutive clear samples (pressure, or the switch on a rig without pressure) since the
    /// test's whole volume was commanded.
    var clearSamples = 0
}
