/// A stepper driver's DIAG/stall output on a GPIO line (TMC2209: DIAG goes active on a StallGuard
/// stall). Latching: a rising edge (to the asserted level) since the previous read counts as a
/// stall even when the line is released again, as a short DIAG pulse is.
///
/// Callers: the control loop thread only. `takeStall()` does not allocate.
public final class GPIOStallInput: StallInput {
    public let source: String
    private let counter: GPIOEdgeCounter

    /// Requests `line` on `chip` as an input with rising-edge events (set `activeLow` on the spec
    /// for a DIAG that pulls low on a stall).
    ///
    /// - Throws: `.lineNotFound`, `.gpio` when the request fails.
    public init(chip: GPIOChip, line: GPIOLineSpec) throws(HardwareError) {
        source = "\(chip.name) line \(line.selector)"
        let request = try GPIOLineRequest(
            chip: chip, inputs: [try chip.resolve(line, role: "DIAG")], edgeEvents: true, risingOnly: true, debounceMicroseconds: 0)
        counter = GPIOEdgeCounter(request: request)
    }

    public func takeStall() throws(HardwareError) -> Bool {
        let edges = try counter.drainRising()
        if edges > 0 { return true }
        return try counter.request.isActive(0)
    }
}
