/// A two-state input: an occlusion pressure switch, a reservoir-low switch, a driver fault line.
///
/// Callers: the control loop thread only.
public protocol BinaryInput: AnyObject {
    /// Where it comes from, for messages, e.g. "gpiochip0 line OCCLUSION_SW".
    var source: String { get }

    /// The current logical level, active-low already applied: true means asserted (occluded,
    /// reservoir low, fault).
    func isAsserted() throws(HardwareError) -> Bool

    /// A descriptor that becomes readable when an edge is pending, for the loop to wait on; nil
    /// when the input can only be polled.
    var eventDescriptor: Int32? { get }

    /// Consumes pending edge events and returns the level after the last one (debounced).
    func consumeEdges() throws(HardwareError) -> Bool
}
