import CPumpGPIO

/// A DC peristaltic pump switched by one ENABLE output, whose movement is measured by an encoder
/// or tachometer input; one delivered unit is `pulsesPerUnit` encoder pulses.
///
/// Lines (levels are logical; set `activeLow` on a spec for an inverted pin):
/// - ENABLE active = motor running. Requested inactive. (When pumpd exits the kernel stops driving
///   it: the board's pull resistor must hold the motor off.)
/// - Encoder input: a pulse is a rising edge (line becoming active), counted from kernel edge
///   events. Optional kernel debounce (libgpiod 2.x only).
/// - DIR (optional output): active = forward. Without it `reverseStep()` is unsupported.
///
/// Because a DC motor runs for as long as ENABLE is active, `enable()` only arms the driver and
/// each step switches the motor on and off itself.
///
/// Encoder pulses that come while the motor is off (between units, or while disabled) are not
/// part of any unit and are not thrown away: they are motion nobody commanded (coast after a unit,
/// free flow, a driver that ignores ENABLE), kept for the control loop, which reads them through
/// `MotionSensor.takePulses()` and judges them against the profile's coast allowance.
///
/// `step()`, `reverseStep()` and `takePulses()` do not allocate (the event buffer is allocated
/// once). Callers: the control loop thread only.
public final class GPIOPeristalticDriver: MotorDriver, MotionSensor {
    public let name: String
    /// Encoder pulses (rising edges) per delivered unit, ≥ 1.
    public let pulsesPerUnit: Int
    /// Longest wait for each encoder pulse while the motor runs, in nanoseconds (CLOCK_MONOTONIC).
    public let stallTimeoutNanoseconds: Int64

    private static let enableIndex = 0
    private static let directionIndex = 1

    private let outputs: GPIOLineRequest
    private let hasDirection: Bool
    private let encoder: GPIOLineRequest
    private let pulses: GPIOEdgeCounter
    /// Pulses counted while the motor was off and not yet taken by `takePulses()`.
    private var pulsesWhileStopped: Int64 = 0
    private var armed = false
    /// DIR level (true = forward); nil when a write failed and the level is unknown.
    private var forward: Bool? = true

    /// Requests ENABLE (inactive) and DIR (forward) as outputs and the encoder as an input with
    /// both-edge events.
    ///
    /// - Parameters:
    ///   - stallTimeoutNanoseconds: > 0; a step fails with `.stall` when no pulse comes this long.
    ///   - encoderDebounceNanoseconds: kernel debounce, rounded up to whole microseconds; 0 for
    ///     none. Non-zero needs libgpiod 2.x (`GPIOChip.hasKernelDebounce`), else `.unsupported`.
    ///   - name: for messages; default "peristaltic pump on <chip>".
    /// - Throws: `.lineNotFound`, `.unsupported` (debounce on libgpiod 1.6), `.gpio` when a request
    ///   fails.
    public init(
        chip: GPIOChip,
        enable: GPIOLineSpec,
        encoder: GPIOLineSpec,
        direction: GPIOLineSpec? = nil,
        pulsesPerUnit: Int = 1,
        stallTimeoutNanoseconds: Int64,
        encoderDebounceNanoseconds: Int64 = 0,
        name: String? = nil
    ) throws(HardwareError) {
        precondition(pulsesPerUnit >= 1, "at least one encoder pulse per unit")
        precondition(stallTimeoutNanoseconds > 0, "a positive stall timeout")
        precondition(encoderDebounceNanoseconds >= 0, "a non-negative debounce period")
        self.name = name ?? "peristaltic pump on \(chip)"
        self.pulsesPerUnit = pulsesPerUnit
        self.stallTimeoutNanoseconds = stallTimeoutNanoseconds

        var lines: [(line: GPIOResolvedLine, initialActive: Bool)] = [(try chip.resolve(enable, role: "ENABLE"), false)]
        if let direction { lines.append((try chip.resolve(direction, role: "DIR"), true)) }
        hasDirection = direction != nil
        let encoderLine = try chip.resolve(encoder, role: "encoder")
        outputs = try GPIOLineRequest(chip: chip, outputs: lines)
        self.encoder = try GPIOLineRequest(
            chip: chip, inputs: [encoderLine], edgeEvents: true, risingOnly: true,
            debounceMicroseconds: gpioDebounceMicroseconds(encoderDebounceNanoseconds))
        pulses = GPIOEdgeCounter(request: self.encoder)
    }

    /// The encoder line, for messages ("gpiochip0 line TACHO").
    public var source: String { encoder.labels[0] }

    /// Pulses that came while the motor was off since the previous call: coast after the last
    /// unit, or motion nobody commanded. Never the pulses of a unit itself.
    public func takePulses() throws(HardwareError) -> Int64 {
        let taken = pulsesWhileStopped + (try pulses.drainRising())
        pulsesWhileStopped = 0
        return taken
    }

    /// Drives ENABLE inactive (motor off) and refuses steps until `enable()`. Idempotent.
    public func disable() throws(HardwareError) {
        armed = false
        try outputs.set(Self.enableIndex, active: false)
    }

    /// Allows steps. Does not start the motor: each step does.
    public func enable() throws(HardwareError) { armed = true }

    public var enableEffect: MotorEnableEffect {
        .armsOnly(reason: "a DC motor runs while ENABLE is active, so ENABLE is driven only during each pulse")
    }

    public func awaitEnableSetup() {}

    /// Runs the motor forward until `pulsesPerUnit` encoder pulses are counted, then stops it.
    ///
    /// Encoder edges that arrived while the motor was off (coasting after the previous unit, or
    /// free flow) are set aside first for `takePulses()`, not counted towards this unit: the
    /// calibration of a unit includes its coast. Waits at most `stallTimeoutNanoseconds` for each
    /// pulse.
    ///
    /// - Throws: `.stall` naming the timeout when a pulse does not come in time; `.unsupported`
    ///   when called while disabled; `.gpio` on an I/O failure. On any failure after the motor was
    ///   started ENABLE is driven inactive before throwing.
    public func step() throws(HardwareError) { try run(forward: true) }

    /// Runs the motor backwards for one unit; needs a DIR line. Same contract as `step()`.
    public func reverseStep() throws(HardwareError) {
        guard hasDirection else { throw .unsupported("\(name): reverse without a DIR line") }
        try run(forward: false)
    }

    private func run(forward wanted: Bool) throws(HardwareError) {
        guard armed else { throw .unsupported("\(name): step while disabled (enable() first)") }
        if hasDirection, forward != wanted {
            forward = nil
            try outputs.set(Self.directionIndex, active: wanted)
            forward = wanted
        }
        pulsesWhileStopped += try pulses.drainRising()

        do throws(HardwareError) {
            try outputs.set(Self.enableIndex, active: true)
            var counted = 0
            var deadline = GPIOClock.now() + stallTimeoutNanoseconds
            while counted < pulsesPerUnit {
                guard try encoder.waitForEdgeEvents(until: deadline) else {
                    throw .stall(
                        motor: name,
                        detail: "no encoder pulse on \(encoder.labels[0]) within \(GPIOClock.text(nanoseconds: stallTimeoutNanoseconds))"
                            + " (\(counted) of \(pulsesPerUnit) counted)")
                }
                let rising = Int(try pulses.readRisingBatch())
                if rising > 0 {
                    counted += rising
                    deadline = GPIOClock.now() + stallTimeoutNanoseconds
                }
            }
            try outputs.set(Self.enableIndex, active: false)
        } catch {
            try? outputs.set(Self.enableIndex, active: false)  // never leave a DC motor running
            throw error
        }
    }
}

/// Nanoseconds rounded up to whole microseconds for the kernel's debounce period.
func gpioDebounceMicroseconds(_ nanoseconds: Int64) -> UInt32 {
    UInt32(clamping: nanoseconds / 1_000 + (nanoseconds % 1_000 > 0 ? 1 : 0))
}
