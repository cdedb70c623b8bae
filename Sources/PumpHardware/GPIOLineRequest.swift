import CPumpGPIO
#if canImport(Glibc)
import Glibc
#endif

/// Requested lines of one chip (all outputs or all inputs), addressed by their index in the
/// array they were requested with. Releasing (deinit) hands the lines back to the kernel, after
/// which their level is uncontrolled: the hardware's pull resistors must make that safe.
///
/// The per-call methods do not allocate; only their error paths build messages.
final class GPIOLineRequest {
    /// Keeps the chip open for as long as its lines are requested (libgpiod 1.6 lines belong to
    /// the chip).
    let chip: GPIOChip
    private let handle: OpaquePointer
    /// Each line's description for error messages, by index.
    let labels: [String]
    /// Polls readable while edge events are pending; nil when no line requested edge events.
    let eventDescriptor: Int32?

    /// Requests `lines` as outputs, each driven to its logical `initialActive` level from the
    /// moment of the request (libgpiod 2.x: all in one ioctl; 1.6: one by one in array order).
    init(chip: GPIOChip, outputs lines: [(line: GPIOResolvedLine, initialActive: Bool)]) throws(HardwareError) {
        let configs = lines.map { item in
            pump_gpio_output_config(
                offset: UInt32(item.line.offset), active_low: item.line.spec.activeLow, initial_active: item.initialActive,
                drive: item.line.spec.drive.cValue, bias: item.line.spec.bias.cValue)
        }
        let labels = lines.map(\.line.label)
        errno = 0
        let handle = configs.withUnsafeBufferPointer { pump_gpio_request_outputs(chip.handle, $0.baseAddress, $0.count) }
        guard let handle else {
            let code = errno
            throw .gpio(operation: "request outputs", line: labels.joined(separator: ", "), errno: code)
        }
        self.chip = chip
        self.handle = handle
        self.labels = labels
        self.eventDescriptor = nil
    }

    /// Requests `lines` as inputs; with `edgeEvents` both edges of every line (or, with
    /// `risingOnly`, only rising ones) are reported through `eventDescriptor`.
    /// `debounceMicroseconds` must be 0 unless `GPIOChip.hasKernelDebounce`.
    init(
        chip: GPIOChip, inputs lines: [GPIOResolvedLine], edgeEvents: Bool, risingOnly: Bool = false, debounceMicroseconds: UInt32
    ) throws(HardwareError) {
        let configs = lines.map { line in
            pump_gpio_input_config(
                offset: UInt32(line.offset), active_low: line.spec.activeLow, edge_events: edgeEvents, rising_only: risingOnly,
                bias: line.spec.bias.cValue, debounce_us: debounceMicroseconds)
        }
        let labels = lines.map(\.label)
        errno = 0
        let handle = configs.withUnsafeBufferPointer { pump_gpio_request_inputs(chip.handle, $0.baseAddress, $0.count) }
        guard let handle else {
            let code = errno
            if code == EOPNOTSUPP {
                throw .unsupported("kernel debounce with libgpiod \(GPIOChip.libgpiodVersion) on \(labels.joined(separator: ", "))")
            }
            throw .gpio(operation: "request inputs", line: labels.joined(separator: ", "), errno: code)
        }
        self.chip = chip
        self.handle = handle
        self.labels = labels
        self.eventDescriptor = edgeEvents ? pump_gpio_event_fd(handle) : nil
    }

    deinit { pump_gpio_request_release(handle) }

    /// Drives output `index` to its logical active (true) or inactive level.
    @inline(__always)
    func set(_ index: Int, active: Bool) throws(HardwareError) {
        if pump_gpio_set_value(handle, index, active) != 0 {
            let code = errno
            throw .gpio(operation: active ? "set active" : "set inactive", line: labels[index], errno: code)
        }
    }

    /// Reads line `index`: true when at its active level (debounced, with kernel debounce).
    @inline(__always)
    func isActive(_ index: Int) throws(HardwareError) -> Bool {
        let value = pump_gpio_get_value(handle, index)
        if value < 0 {
            let code = errno
            throw .gpio(operation: "read value", line: labels[index], errno: code)
        }
        return value == 1
    }

    /// Waits for pending edge events until CLOCK_MONOTONIC reaches `deadline` (ns): true when
    /// events are pending, false at the deadline.
    func waitForEdgeEvents(until deadline: Int64) throws(HardwareError) -> Bool {
        let ready = pump_gpio_wait_edge_events(handle, deadline)
        if ready < 0 {
            let code = errno
            throw .gpio(operation: "wait for edge events", line: labels.joined(separator: ", "), errno: code)
        }
        return ready == 1
    }

    /// Reads up to `capacity` pending edge events into `buffer` without blocking; returns how many.
    func readEdgeEvents(into buffer: UnsafeMutablePointer<pump_gpio_edge_event>, capacity: Int) throws(HardwareError) -> Int {
        let count = pump_gpio_read_edge_events(handle, buffer, capacity)
        if count < 0 {
            let code = errno
            throw .gpio(operation: "read edge events", line: labels.joined(separator: ", "), errno: code)
        }
        return Int(count)
    }
}

/// Edge events read per call; buffers of this many are allocated once per input.
let gpioEventBatch = 16

extension GPIOBias {
    var cValue: pump_gpio_bias {
        switch self {
        case .asIs: PUMP_GPIO_BIAS_AS_IS
        case .disabled: PUMP_GPIO_BIAS_DISABLED
        case .pullUp: PUMP_GPIO_BIAS_PULL_UP
        case .pullDown: PUMP_GPIO_BIAS_PULL_DOWN
        }
    }
}

extension GPIODrive {
    var cValue: pump_gpio_drive {
        switch self {
        case .pushPull: PUMP_GPIO_DRIVE_PUSH_PULL
        case .openDrain: PUMP_GPIO_DRIVE_OPEN_DRAIN
        case .openSource: PUMP_GPIO_DRIVE_OPEN_SOURCE
        }
    }
}

/// CLOCK_MONOTONIC reads and absolute sleeps for the GPIO drivers.
enum GPIOClock {
    /// CLOCK_MONOTONIC now, in nanoseconds.
    @inline(__always)
    static func now() -> Int64 { SystemClock.monotonicNanoseconds() }

    /// Sleeps until CLOCK_MONOTONIC reaches `deadline` (ns) with an absolute clock_nanosleep,
    /// resuming after signals; returns at once when the deadline has passed.
    static func sleep(until deadline: Int64) {
        guard deadline > now() else { return }
        var until = timespec(tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
        while clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &until, nil) == EINTR {}
    }

    /// "500 ms", "250 µs" or "800 ns": a nanosecond duration in the largest whole unit.
    static func text(nanoseconds: Int64) -> String {
        if nanoseconds != 0, nanoseconds % 1_000_000 == 0 { return "\(nanoseconds / 1_000_000) ms" }
        if nanoseconds != 0, nanoseconds % 1_000 == 0 { return "\(nanoseconds / 1_000) µs" }
        return "\(nanoseconds) ns"
    }
}
