import CPumpGPIO

/// How a `GPIOBinaryInput` debounces.
public enum GPIODebounceMode: Hashable, Sendable {
    /// No debounce period was asked for: every edge counts.
    case none
    /// The kernel debounces (libgpiod 2.x, GPIO uAPI v2, Linux ≥ 5.10): reads and edge events are
    /// already debounced.
    case kernel
    /// pumpd debounces (libgpiod 1.6 has no kernel debounce): a new level is accepted once it has
    /// held for the period, judged from the edge events' CLOCK_MONOTONIC timestamps and re-checked
    /// against the line's current value at each read.
    case software
}

/// A two-state GPIO input (occlusion switch, reservoir-low switch, driver fault) with both-edge
/// events, optional pull resistor, active-low and debounce.
///
/// Debounce: with libgpiod 2.x the kernel debounces (`debounceMode == .kernel`); with libgpiod
/// 1.6 this class does (`.software`). A software-debounced change is only accepted when the input
/// is read again after the period has passed, so callers that wait on `eventDescriptor` must also
/// read periodically (the control loop polls switches) or at `pendingChangeDeadline`.
///
/// Callers: the control loop thread only. Reads do not allocate.
public final class GPIOBinaryInput: BinaryInput {
    /// e.g. "gpiochip0 line OCCLUSION_SW" or "gpiochip0 line 17".
    public let source: String
    public let debounceMode: GPIODebounceMode
    /// The debounce period asked for, in nanoseconds (the kernel's is whole microseconds).
    public let debounceNanoseconds: Int64

    private let request: GPIOLineRequest
    private let events: UnsafeMutablePointer<pump_gpio_edge_event>
    /// Software debounce: the accepted level, the latest raw level and since when it holds.
    private var stable: Bool
    private var candidate: Bool
    private var candidateSince: Int64

    /// Requests `line` on `chip` as an input with both-edge events.
    ///
    /// - Parameter debounceNanoseconds: how long a level must hold before it counts, ≥ 0; 0 for
    ///   none. Kernel debounce when available, else software debounce.
    /// - Throws: `.lineNotFound`, `.gpio` when the request or the first read fails.
    public init(chip: GPIOChip, line: GPIOLineSpec, debounceNanoseconds: Int64 = 0) throws(HardwareError) {
        precondition(debounceNanoseconds >= 0, "a non-negative debounce period")
        let resolved = try chip.resolve(line, role: "input")
        source = "\(chip.name) line \(line.selector)"
        self.debounceNanoseconds = debounceNanoseconds
        debounceMode = debounceNanoseconds == 0 ? .none : GPIOChip.hasKernelDebounce ? .kernel : .software
        request = try GPIOLineRequest(
            chip: chip, inputs: [resolved], edgeEvents: true,
            debounceMicroseconds: debounceMode == .kernel ? gpioDebounceMicroseconds(debounceNanoseconds) : 0)
        let level = try request.isActive(0)
        stable = level
        candidate = level
        candidateSince = GPIOClock.now()
        events = .allocate(capacity: gpioEventBatch)
    }

    deinit { events.deallocate() }

    /// Readable while edge events are pending.
    public var eventDescriptor: Int32? { request.eventDescriptor }

    /// With software debounce, the CLOCK_MONOTONIC time (ns) at which a pending change will be
    /// accepted if the line holds; nil when nothing is pending or the kernel debounces.
    public var pendingChangeDeadline: Int64? {
        debounceMode == .software && candidate != stable ? candidateSince + debounceNanoseconds : nil
    }

    /// The current logical level (true = asserted). Kernel or no debounce: the line's value now.
    /// Software debounce: the debounced level, after consuming pending edges.
    public func isAsserted() throws(HardwareError) -> Bool {
        if debounceMode == .software { return try consumeEdges() }
        return try request.isActive(0)
    }

    /// Consumes pending edge events and returns the (debounced) level after them.
    public func consumeEdges() throws(HardwareError) -> Bool {
        var read = 0
        repeat {
            read = try request.readEdgeEvents(into: events, capacity: gpioEventBatch)
            guard debounceMode == .software else { continue }
            let readAt = GPIOClock.now()
            for index in 0..<read {
                let level = events[index].type == PUMP_GPIO_EDGE_RISING
                // A timestamp ahead of CLOCK_MONOTONIC is a CLOCK_REALTIME stamp (uAPI v1 before
                // Linux 5.7): judge the change from when it was read instead.
                let stamp = min(Int64(clamping: events[index].timestamp_ns), readAt)
                if level != candidate {
                    candidate = level
                    candidateSince = stamp
                }
            }
        } while read == gpioEventBatch
        let level = try request.isActive(0)
        guard debounceMode == .software else { return level }
        let now = GPIOClock.now()
        if level != candidate {  // an edge the kernel's event queue dropped
            candidate = level
            candidateSince = now
        }
        if candidate != stable, now - candidateSince >= debounceNanoseconds { stable = candidate }
        return stable
    }
}
