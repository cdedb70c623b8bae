/// The hardware-in-the-loop harness: what `pump-hil` runs.
public enum PumpHIL {
    /// The version written into every report.
    public static let version = "0.6.0"
}
