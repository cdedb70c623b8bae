#if canImport(Glibc)
import Glibc
#endif
import PumpCore
import PumpHardware

/// The mutable physics of a simulated rig, evaluated lazily: `settle(to:)` brings the continuous
/// processes (leak, battery self-drain, pressure relaxation) up to an instant, and the readings
/// are computed from the state at that instant. Volumes are integer picolitres; only the line
/// pressure's exponential goes through `Double`.
///
/// The fluid the line holds back under pressure (`held`) is what makes the pressure:
/// pressure = baseline + compliance × held. While the outlet is occluded, forward steps add to it
/// and reverse steps take from it; while it is clear it relaxes towards zero with time constant τ
/// and what it loses leaves the catheter tip. It is kept as an anchor (its value at
/// `anchorInstant`) and evaluated in closed form, so polling often never accumulates rounding.
struct SimulatedRigState {
    let configuration: SimulatedRigConfiguration

    var faults = SimulatedFaultState()
    /// The instant the continuous processes have been brought up to.
    var settledAt: MonotonicInstant

    var reservoirPicolitres: Int64
    var leakedPicolitres: Int64 = 0
    /// Leak not yet a whole picolitre, in nL/h × ns.
    var leakRemainder: Int128 = 0

    var catheterFillPicolitres: Int64
    /// Held-back fluid at `anchorInstant`; no occlusion change happens between the anchor and `settledAt`.
    var heldAtAnchorPicolitres: Int64 = 0
    var anchorInstant: MonotonicInstant
    /// Fluid that had left the tip at `anchorInstant`, plus what steps pushed out since.
    var deliveredAtAnchorPicolitres: Int64 = 0

    var batteryDrainedMicrovolts: Int64 = 0
    /// Counts analog reads, so each gets its own (deterministic) measurement noise.
    var readsTaken: UInt64 = 0
    /// Self-drain not yet a whole microvolt, in µV/h × ns.
    var batteryRemainder: Int128 = 0

    var enabled = false
    var stepsForward: Int64 = 0
    var stepsBack: Int64 = 0
    var encoderPulses: Int64 = 0
    var reverseMoves: Int64 = 0
    var stepsWhileDisabled: Int64 = 0
    /// When the last forward STEP pulse was issued (nil: none yet).
    var lastForwardStep: MonotonicInstant?

    // Motion faults and sensing (issue 14, motion). Not kept across restarts: faults are not.
    /// Encoder pulses already handed to the control loop (`takeEncoderPulses`).
    var encoderPulsesTaken: Int64 = 0
    /// DIAG latched by a lost step, until the control loop reads it.
    var diagLatched = false
    /// Per-mille accumulators of the lost-step and slip faults (deterministic, repeatable).
    var lostStepAccumulator: Int64 = 0
    var slipAccumulator: Int64 = 0
    var lostSteps: Int64 = 0
    var slippedSteps: Int64 = 0
    /// The extraMotion fault's accumulator and the whole extra steps it made.
    var extraMotionAccumulator: Int64 = 0
    var extraSteps: Int64 = 0
    /// Free flow not yet a whole picolitre (nL/h × ns), and flowed picolitres not yet a whole pulse.
    var freeFlowRemainder: Int128 = 0
    var freeFlowPulseRemainder: Int64 = 0
    var freeFlowedPicolitres: Int64 = 0
    /// Off: every settle runs the leak's arithmetic even with no leak, as before issue 13's
    /// round 6. For the test that compares both, reading by reading.
    var skipsIdleLeak = true

    // Literals, not `static let`s: these are read at every settle, where a lazy global's
    // `swift_once` check showed in profiles (issue 13).
    static var nanosecondsPerHour: Int128 { 3_600_000_000_000 }
    /// nL/h × ns → pL: × 1000 / 3.6e12 = ÷ 3.6e9.
    static var nanolitreHourNanosecondsPerPicolitre: Int128 { 3_600_000_000 }
    /// Gauge pressure of a perfect vacuum at sea level: the line cannot go below it.
    static let vacuumPascals: Int64 = -101_325
    /// `exp(x)` is +0.0 for every x below this (ln of half the smallest subnormal is ≈ −745.13).
    static let expUnderflowBound: Double = -746

    init(configuration: SimulatedRigConfiguration, start: MonotonicInstant) {
        self.configuration = configuration
        settledAt = start
        anchorInstant = start
        reservoirPicolitres = configuration.reservoirFill.picolitres
        catheterFillPicolitres = configuration.initialCatheterFill.picolitres
    }

    // MARK: Time

    /// Brings leak, battery self-drain and the pressure anchor up to `instant` (never backwards).
    mutating func settle(to instant: MonotonicInstant) {
        guard instant > settledAt else { return }
        let elapsed = Int128((instant - settledAt).nanoseconds)

        // No leak and nothing of one left over (every poll of a rig without that fault): adding
        // zero, taking no whole picolitre and losing none would leave all as it is (issue 13: the
        // Int128 product and the remainder's test were ~6 % of an idle loop's instructions).
        if !skipsIdleLeak || faults.reservoirLeakNanolitresPerHour != 0 || leakRemainder != 0 || reservoirPicolitres < 0 {
            leakRemainder += Int128(faults.reservoirLeakNanolitresPerHour) * elapsed
            let leaked = Self.takeWhole(&leakRemainder, per: Self.nanolitreHourNanosecondsPerPicolitre)
            let lost = min(leaked, reservoirPicolitres)
            reservoirPicolitres -= lost
            leakedPicolitres += lost
        }

        batteryRemainder += Int128(configuration.batteryDrainMicrovoltsPerHour) * elapsed
        batteryDrainedMicrovolts += Self.takeWhole(&batteryRemainder, per: Self.nanosecondsPerHour)

        // The pressure's regime changes where the occlusion window starts or ends.
        if let window = faults.occlusion {
            for boundary in [window.start, window.end] where settledAt < boundary && boundary <= instant {
                reanchor(at: boundary)
            }
        }
        settledAt = instant
        if !enabled, faults.freeFlowNanolitresPerHour > 0 { flowFreely(for: elapsed) }
    }

    /// The whole units in `remainder` (÷ `divisor` > 0), leaving the rest in it, as `/` and `%`
    /// would. The division is skipped while no whole unit has built up: nearly every poll.
    @inline(__always) static func takeWhole(_ remainder: inout Int128, per divisor: Int128) -> Int64 {
        if remainder >= 0, remainder < divisor { return 0 }
        defer { remainder %= divisor }
        return Int64(remainder / divisor)
    }

    /// Fixes the held volume and the delivered volume at `instant` as the new anchor.
    mutating func reanchor(at instant: MonotonicInstant) {
        let held = Int64(heldPicolitres(at: instant).rounded())
        deliveredAtAnchorPicolitres += heldAtAnchorPicolitres - held
        heldAtAnchorPicolitres = held
        anchorInstant = instant
    }

    @inline(__always) var outletOccluded: Bool { faults.isOccluded(at: anchorInstant) }

    /// Held-back fluid at `instant` (≥ the anchor, with no occlusion change in between).
    @inline(__always) func heldPicolitres(at instant: MonotonicInstant) -> Double {
        let held = Double(heldAtAnchorPicolitres)
        // Nothing held stays nothing: no `exp` on every poll of a clear line (the same +0.0 the
        // product would give).
        if heldAtAnchorPicolitres == 0 || outletOccluded || instant <= anchorInstant { return held }
        let exponent = -Double((instant - anchorInstant).nanoseconds) / Double(configuration.relaxationTimeConstant.nanoseconds)
        // Below the bound `exp` is exactly 0, reached through its slow underflow path on every
        // poll for the rest of a soak once a relief has relaxed; the product keeps held's sign.
        if exponent < Self.expUnderflowBound { return held * 0 }
        return held * exp(exponent)
    }

    // MARK: Readings at `settledAt`

    var deliveredPicolitres: Int64 {
        deliveredAtAnchorPicolitres + heldAtAnchorPicolitres - Int64(heldPicolitres(at: settledAt).rounded())
    }

    @inline(__always) var pressurePascals: Int64 {
        // Nothing held (a clear line, nearly every poll): the baseline, with no floating point and
        // no call into libm's `round` (the same value the product gives: ±0 rounds to 0).
        if heldAtAnchorPicolitres == 0 { return max(Self.vacuumPascals, configuration.baselinePressurePascals) }
        let excess = configuration.compliancePascalsPerNanolitre * heldPicolitres(at: settledAt) / 1_000
        return max(Self.vacuumPascals, configuration.baselinePressurePascals + Int64(excess.rounded()))
    }

    var batteryMillivolts: Int64 {
        let microvolts = configuration.batteryInitialMillivolts * 1_000 - batteryDrainedMicrovolts
        return max(0, Int64(WideArithmetic.floorDivide(Int128(microvolts), 1_000)) - faults.batterySagMillivolts)
    }

    /// The live (unfaulted) reading of a sensor; binary sensors read 1 when asserted.
    @inline(__always) func liveReading(of sensor: SimulatedSensor) -> Int64 {
        switch sensor {
        case .pressure: pressurePascals
        case .battery: batteryMillivolts
        case .occlusionSwitch: pressurePascals >= configuration.occlusionSwitchThresholdPascals ? 1 : 0
        case .reservoirSwitch: reservoirPicolitres <= configuration.reservoirLowThreshold.picolitres ? 1 : 0
        case .driverFaultLine: faults.driverFault ? 1 : 0
        }
    }

    /// What the sensor reports: a read failure, its frozen value, or the live one with the
    /// converter's measurement noise (a real channel never repeats itself exactly for long, which
    /// is how a frozen one is told apart).
    mutating func reading(of sensor: SimulatedSensor) throws(HardwareError) -> Int64 {
        // Emptiness first: hashing the sensor on every read of a fault-free rig was a visible part
        // of a virtual-clock soak (issue 13).
        if !faults.readFailures.isEmpty, faults.readFailures.contains(sensor) { throw .read(path: sensor.source, errno: EIO) }
        if !faults.stuckReadings.isEmpty, let frozen = faults.stuckReadings[sensor] { return frozen }
        let amplitude: Int64
        switch sensor {
        case .pressure: amplitude = configuration.pressureNoisePascals
        case .battery: amplitude = configuration.batteryNoiseMillivolts
        case .occlusionSwitch, .reservoirSwitch, .driverFaultLine: amplitude = 0
        }
        // Read before the count changes: after it, the optimiser copied the whole state (496
        // bytes) to read from at every poll (issue 13).
        let live = liveReading(of: sensor)
        readsTaken &+= 1
        guard amplitude > 0 else { return live }
        var z = readsTaken &* 0x9E37_79B9_7F4A_7C15  // SplitMix64 finaliser: cheap, repeatable
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        z ^= z >> 31
        return live + Int64(z % UInt64(2 * amplitude + 1)) - amplitude
    }

    // MARK: Motor

    /// One STEP pulse at `settledAt`. Pulses while disabled are counted as a caller fault and move
    /// nothing; a stall or driver fault throws and moves nothing.
    mutating func step(forward: Bool) throws(HardwareError) {
        let previousForwardStep = lastForwardStep
        if forward {
            stepsForward += 1
            lastForwardStep = settledAt
        } else {
            stepsBack += 1
        }
        if !enabled { stepsWhileDisabled += 1 }
        if faults.motorStall {
            throw .stall(motor: configuration.motorName, detail: "no encoder pulse (simulated stall)")
        }
        if faults.driverFault { throw .driverFault(motor: configuration.motorName) }
        guard enabled else { return }
        batteryDrainedMicrovolts += configuration.batteryDrainMicrovoltsPerStep
        let stepPicolitres = configuration.stepVolume.picolitres
        if forward {
            if Self.fires(&lostStepAccumulator, perMille: faults.lostStepsPerMille) {
                lostSteps += 1
                // StallGuard sees a lost step only at a speed that makes back-EMF.
                let fastest = TimeSpan.nanoseconds(TimeSpan.seconds(1).nanoseconds / max(1, configuration.stallOutputMinimumStepsPerSecond))
                if let previousForwardStep, settledAt - previousForwardStep <= fastest { diagLatched = true }
                return
            }
            if Self.fires(&slipAccumulator, perMille: faults.couplingSlipPerMille) {
                slippedSteps += 1
                return
            }
            encoderPulses += 1
            pushOut(min(stepPicolitres, reservoirPicolitres))  // an empty reservoir pushes nothing
            if Self.fires(&extraMotionAccumulator, perMille: faults.extraMotionPerMille) {
                extraSteps += 1
                encoderPulses += 1
                pushOut(min(stepPicolitres, reservoirPicolitres))
            }
        } else {
            reverseMoves += 1
            reservoirPicolitres += stepPicolitres
            if outletOccluded {
                heldAtAnchorPicolitres -= stepPicolitres
            } else {
                // Relieve held-back pressure first, then empty the catheter, then draw back through the tip.
                reanchor(at: settledAt)
                var remaining = stepPicolitres
                let relieved = min(remaining, max(0, heldAtAnchorPicolitres))
                heldAtAnchorPicolitres -= relieved
                remaining -= relieved
                let emptied = min(remaining, catheterFillPicolitres)
                catheterFillPicolitres -= emptied
                remaining -= emptied
                deliveredAtAnchorPicolitres -= remaining
            }
        }
    }

    /// Moves `moved` picolitres, already taken from the reservoir, down the line: held back
    /// against a blocked outlet, else filling the catheter first and then out of the tip.
    mutating func pushOut(_ moved: Int64) {
        reservoirPicolitres -= moved
        if outletOccluded {
            heldAtAnchorPicolitres += moved
        } else {
            let filling = min(moved, configuration.catheterDeadVolume.picolitres - catheterFillPicolitres)
            catheterFillPicolitres += filling
            deliveredAtAnchorPicolitres += moved - filling
        }
    }

    /// A per-mille fault's accumulator: true on the steps where it passes 1000 (so `perMille`
    /// of all steps, evenly spread, the same on every run).
    static func fires(_ accumulator: inout Int64, perMille: Int64) -> Bool {
        guard perMille > 0 else { return false }
        accumulator += perMille
        guard accumulator >= 1_000 else { return false }
        accumulator -= 1_000
        return true
    }

    /// Free flow over `elapsed` ns with the motor disabled: fluid to the tip, pump-side encoder
    /// pulses at one per step volume.
    mutating func flowFreely(for elapsed: Int128) {
        freeFlowRemainder += Int128(faults.freeFlowNanolitresPerHour) * elapsed
        let flowed = min(Self.takeWhole(&freeFlowRemainder, per: Self.nanolitreHourNanosecondsPerPicolitre), reservoirPicolitres)
        guard flowed > 0 else { return }
        pushOut(flowed)
        freeFlowedPicolitres += flowed
        freeFlowPulseRemainder += flowed
        let stepPicolitres = configuration.stepVolume.picolitres
        encoderPulses += freeFlowPulseRemainder / stepPicolitres
        freeFlowPulseRemainder %= stepPicolitres
    }

    /// Encoder pulses since the previous call (the control loop's `MotionSensor`).
    mutating func takeEncoderPulses() -> Int64 {
        defer { encoderPulsesTaken = encoderPulses }
        return encoderPulses - encoderPulsesTaken
    }

    /// Whether DIAG asserted since the previous call (the control loop's `StallInput`).
    mutating func takeDiag() -> Bool {
        defer { diagLatched = false }
        return diagLatched
    }

    // MARK: Refill

    mutating func refill(to volume: Volume) {
        reservoirPicolitres = volume.picolitres
    }

    var truth: RigTruth {
        RigTruth(
            instant: settledAt,
            reservoirPicolitres: reservoirPicolitres,
            pressurePascals: pressurePascals,
            stepsForward: stepsForward,
            stepsBack: stepsBack,
            encoderPulses: encoderPulses,
            reverseMoves: reverseMoves,
            catheterFillPicolitres: catheterFillPicolitres,
            deliveredToPatientPicolitres: deliveredPicolitres,
            leakedPicolitres: leakedPicolitres,
            batteryMillivolts: batteryMillivolts,
            enabled: enabled,
            stepsWhileDisabled: stepsWhileDisabled,
            lastForwardStep: lastForwardStep,
            diagAsserted: diagLatched, lostSteps: lostSteps, slippedSteps: slippedSteps,
            freeFlowedPicolitres: freeFlowedPicolitres
        )
    }
}
