/// The control loop's watch over a running bench task (line test, calibration run).
struct LineTestWatch {
    /// Consecutive clear samples (pressure, or the switch on a rig without pressure) since the
    /// test's whole volume was commanded.
    var clearSamples = 0
    /// The lowest line pressure (Pa) sampled since the line test began: its rise is judged from here.
    var lowestPascals: Int64?
    /// Whether the strict (zero-tolerance) motion count runs for the current bench task.
    var strictCounting = false
}
