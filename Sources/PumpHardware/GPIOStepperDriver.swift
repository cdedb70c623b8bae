/// A STEP/DIR stepper driver IC (A4988, DRV8825, TMC2209 in step/dir mode, …) on GPIO lines.
///
/// Lines (levels are logical; set `activeLow` on a spec for an inverted pin such as nENABLE):
/// - ENABLE active = motor powered. It is requested already at its inactive level, so it never
///   glitches active at start-up. (When pumpd exits the kernel stops driving it: the board's pull
///   resistor must hold the driver disabled.)
/// - DIR active = forward. Requested forward.
/// - STEP: one step = STEP active for the minimum pulse width, then inactive.
/// - FAULT (optional input): asserted = the driver reports a fault.
/// - Microstep selects (optional outputs): held at fixed levels for the driver's life.
///
/// Timing (all CLOCK_MONOTONIC, nanoseconds): a step begins no sooner than
/// `minimumStepIntervalNanoseconds` after the previous step began (forward or reverse); an early
/// call sleeps out the remainder with an absolute `clock_nanosleep`. STEP stays active at least
/// `minimumPulseWidthNanoseconds`. After DIR changes, or ENABLE goes active, the next STEP edge
/// waits `directionSetupNanoseconds` / `enableSetupNanoseconds`. Each GPIO write is one ioctl
/// (about 1–10 µs on SBCs), so the real times are these minimums plus syscall and scheduling
/// latency.
///
/// `step()` and `reverseStep()` do not allocate. Callers: the control loop thread only.
public final class GPIOStepperDriver: MotorDriver {
    public let name: String
    /// STEP stays active at least this long, in nanoseconds.
    public let minimumPulseWidthNanoseconds: Int64
    /// Steps begin at least this far apart, in nanoseconds.
    public let minimumStepIntervalNanoseconds: Int64
    /// DIR must be stable this long before a STEP edge, in nanoseconds.
    public let directionSetupNanoseconds: Int64
    /// ENABLE must be active this long before a STEP edge, in nanoseconds (driver wake-up).
    public let enableSetupNanoseconds: Int64
    /// When true the coils are powered only around each step: ENABLE goes active before the step
    /// (plus `enableSetupNanoseconds`) and inactive `idleHoldNanoseconds` after it. Saves power
    /// and heat; the rotor is then held only by detent torque between steps.
    public let idleUnpowered: Bool
    /// With `idleUnpowered`, how long the coils stay powered after STEP falls so the rotor settles.
    public let idleHoldNanoseconds: Int64

    private static let enableIndex = 0
    private static let directionIndex = 1
    private static let stepIndex = 2

    private let outputs: GPIOLineRequest
    private let faultInput: GPIOLineRequest?
    /// enable() called and no disable() since: steps are allowed.
    private var armed = false
    /// ENABLE level (true = active); nil when a write failed and the level is unknown.
    private var energized: Bool? = false
    /// DIR level (true = forward); nil when a write failed and the level is unknown.
    private var forward: Bool? = true
    /// STEP level; nil when a write failed and the level is unknown.
    private var stepActive: Bool? = false
    /// When the previous step began (CLOCK_MONOTONIC ns), nil before the first.
    private var lastStepStart: Int64?
    /// Earliest STEP edge allowed by DIR/ENABLE setup times (CLOCK_MONOTONIC ns).
    private var setupReadyAt: Int64 = 0

    /// Requests the lines on `chip`: ENABLE first and inactive, then DIR forward, STEP inactive and
    /// the microstep selects at their levels (one atomic request with libgpiod 2.x; in that order
    /// with libgpiod 1.6); FAULT as an input.
    ///
    /// - Parameters:
    ///   - minimumPulseWidthNanoseconds: STEP high time, ≥ 0 (e.g. 1 900 for a DRV8825).
    ///   - minimumStepIntervalNanoseconds: least time between the starts of two steps, ≥ 0.
    ///   - name: for messages; default "stepper on <chip>".
    /// - Throws: `.chipNotFound`/`.lineNotFound` for a missing line, `.gpio` when a request fails
    ///   (e.g. EBUSY: another consumer holds the line).
    public init(
        chip: GPIOChip,
        step: GPIOLineSpec,
        direction: GPIOLineSpec,
        enable: GPIOLineSpec,
        fault: GPIOLineSpec? = nil,
        microstep: [GPIOFixedOutput] = [],
        minimumPulseWidthNanoseconds: Int64,
        minimumStepIntervalNanoseconds: Int64,
        directionSetupNanoseconds: Int64 = 0,
        enableSetupNanoseconds: Int64 = 0,
        idleUnpowered: Bool = false,
        idleHoldNanoseconds: Int64 = 0,
        name: String? = nil
    ) throws(HardwareError) {
        precondition(
            minimumPulseWidthNanoseconds >= 0 && minimumStepIntervalNanoseconds >= 0 && directionSetupNanoseconds >= 0
                && enableSetupNanoseconds >= 0 && idleHoldNanoseconds >= 0,
            "stepper timings are non-negative nanoseconds")
        self.name = name ?? "stepper on \(chip)"
        self.minimumPulseWidthNanoseconds = minimumPulseWidthNanoseconds
        self.minimumStepIntervalNanoseconds = minimumStepIntervalNanoseconds
        self.directionSetupNanoseconds = directionSetupNanoseconds
        self.enableSetupNanoseconds = enableSetupNanoseconds
        self.idleUnpowered = idleUnpowered
        self.idleHoldNanoseconds = idleHoldNanoseconds

        var lines: [(line: GPIOResolvedLine, initialActive: Bool)] = [
            (try chip.resolve(enable, role: "ENABLE"), false),
            (try chip.resolve(direction, role: "DIR"), true),
            (try chip.resolve(step, role: "STEP"), false),
        ]
        for (number, select) in microstep.enumerated() {
            lines.append((try chip.resolve(select.line, role: "microstep select \(number + 1)"), select.active))
        }
        outputs = try GPIOLineRequest(chip: chip, outputs: lines)
        if let fault {
            faultInput = try GPIOLineRequest(
                chip: chip, inputs: [try chip.resolve(fault, role: "FAULT")], edgeEvents: false, debounceMicroseconds: 0)
        } else {
            faultInput = nil
        }
    }

    /// Drives ENABLE inactive (and STEP inactive) and refuses steps until `enable()`. Idempotent;
    /// tries both lines even if one write fails, then throws the first failure.
    public func disable() throws(HardwareError) {
        armed = false
        var failure: HardwareError?
        do throws(HardwareError) {
            energized = nil
            try outputs.set(Self.enableIndex, active: false)
            energized = false
        } catch {
            failure = error
        }
        do throws(HardwareError) {
            stepActive = nil
            try outputs.set(Self.stepIndex, active: false)
            stepActive = false
        } catch {
            failure = failure ?? error
        }
        if let failure { throw failure }
    }

    /// Allows steps. Drives ENABLE active now, unless `idleUnpowered`, where each step powers the
    /// coils itself.
    public func enable() throws(HardwareError) {
        if !idleUnpowered { try energize() }
        armed = true
    }

    public var enableEffect: MotorEnableEffect {
        idleUnpowered
            ? .armsOnly(reason: "idle_unpowered: the stepper drives ENABLE only around each step")
            : .drivesLine(setupNanoseconds: enableSetupNanoseconds)
    }

    public func awaitEnableSetup() {
        guard energized == true else { return }
        GPIOClock.sleep(until: setupReadyAt)
    }

    /// One step forward: DIR forward, then a STEP pulse.
    ///
    /// - Throws: `.driverFault` when FAULT is asserted (checked before the pulse, with ENABLE
    ///   active); `.unsupported` when called while disabled; `.gpio` on an I/O failure.
    public func step() throws(HardwareError) { try pulse(forward: true) }

    /// One step backwards: DIR reverse, then a STEP pulse. Same contract as `step()`.
    public func reverseStep() throws(HardwareError) { try pulse(forward: false) }

    private func energize() throws(HardwareError) {
        guard energized != true else { return }
        energized = nil
        try outputs.set(Self.enableIndex, active: true)
        energized = true
        setupReadyAt = max(setupReadyAt, GPIOClock.now() + enableSetupNanoseconds)
    }

    private func pulse(forward wanted: Bool) throws(HardwareError) {
        guard armed else { throw .unsupported("\(name): step while disabled (enable() first)") }
        try energize()
        if let faultInput, try faultInput.isActive(0) { throw .driverFault(motor: name) }
        // DIR is written only when it changes: the request holds it at its level in between.
        if forward != wanted {
            forward = nil
            try outputs.set(Self.directionIndex, active: wanted)
            forward = wanted
            setupReadyAt = max(setupReadyAt, GPIOClock.now() + directionSetupNanoseconds)
        }
        if stepActive != false {  // a failed step may have left STEP high: make a real edge
            try outputs.set(Self.stepIndex, active: false)
            stepActive = false
            GPIOClock.sleep(until: GPIOClock.now() + minimumPulseWidthNanoseconds)
        }
        var due = setupReadyAt
        if let lastStepStart { due = max(due, lastStepStart + minimumStepIntervalNanoseconds) }
        GPIOClock.sleep(until: due)

        // The edge happens during the ioctl: time the interval from before it (the earliest the
        // edge can be) and the pulse width from after it (the latest).
        lastStepStart = GPIOClock.now()
        stepActive = nil
        try outputs.set(Self.stepIndex, active: true)
        GPIOClock.sleep(until: GPIOClock.now() + minimumPulseWidthNanoseconds)
        try outputs.set(Self.stepIndex, active: false)
        stepActive = false

        if idleUnpowered {
            GPIOClock.sleep(until: GPIOClock.now() + idleHoldNanoseconds)
            energized = nil
            try outputs.set(Self.enableIndex, active: false)
            energized = false
        }
    }
}
