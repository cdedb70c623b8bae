/// An encoder or tachometer channel on a GPIO line (e.g. an AMT10-style quadrature encoder's A
/// channel, or an AS5600's ABI output): each rising edge is one pulse, counted from the kernel's
/// edge events, so none is lost between the loop's reads (the kernel queues them; a queue
/// overflow would lose some, which errs towards "not moving": a stall alarm, never a silent one).
///
/// Callers: the control loop thread only. `takePulses()` does not allocate.
public final class GPIOEncoderInput: MotionSensor {
    public let source: String
    private let counter: GPIOEdgeCounter

    /// Requests `line` on `chip` as an input with rising-edge events.
    ///
    /// - Parameter debounceNanoseconds: kernel debounce, ≥ 0, rounded up to whole microseconds;
    ///   non-zero needs libgpiod 2.x (`GPIOChip.hasKernelDebounce`), else `.unsupported`.
    /// - Throws: `.lineNotFound`, `.unsupported`, `.gpio` when the request fails.
    public init(chip: GPIOChip, line: GPIOLineSpec, debounceNanoseconds: Int64 = 0) throws(HardwareError) {
        precondition(debounceNanoseconds >= 0, "a non-negative debounce period")
        source = "\(chip.name) line \(line.selector)"
        let request = try GPIOLineRequest(
            chip: chip, inputs: [try chip.resolve(line, role: "encoder")], edgeEvents: true, risingOnly: true,
            debounceMicroseconds: gpioDebounceMicroseconds(debounceNanoseconds))
        counter = GPIOEdgeCounter(request: request)
    }

    public func takePulses() throws(HardwareError) -> Int64 { try counter.drainRising() }
}
