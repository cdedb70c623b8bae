public import PumpCore

/// What physically happened in a simulated rig, as a test or HIL harness checks it against what
/// the controller believes.
public struct RigTruth: Hashable, Sendable {
    /// The simulated instant of the snapshot.
    public var instant: MonotonicInstant
    /// Fluid actually in the reservoir (less than accounted when it leaks), exact in picolitres.
    public var reservoirPicolitres: Int64
    /// Line pressure, gauge.
    public var pressurePascals: Int64
    /// Forward STEP pulses the caller issued (every `step()` call, including failed ones).
    public var stepsForward: Int64
    /// Reverse STEP pulses the caller issued (every `reverseStep()` call).
    public var stepsBack: Int64
    /// Forward steps the rotor actually made; fluid moved for exactly these.
    public var encoderPulses: Int64
    /// Reverse steps the rotor actually made.
    public var reverseMoves: Int64
    /// Fluid in the catheter's dead volume, exact in picolitres.
    public var catheterFillPicolitres: Int64
    /// Net fluid that left the catheter tip (negative if more was drawn back than pushed out), exact in picolitres.
    public var deliveredToPatientPicolitres: Int64
    /// Fluid lost through the reservoir leak fault, exact in picolitres.
    public var leakedPicolitres: Int64
    /// Battery voltage, sag included.
    public var batteryMillivolts: Int64
    /// Whether ENABLE is at its active level.
    public var enabled: Bool
    /// Steps (either direction) issued while ENABLE was inactive: a fault in the caller.
    public var stepsWhileDisabled: Int64
    /// When the last forward STEP pulse was issued; nil before the first.
    public var lastForwardStep: MonotonicInstant?
    // Motion faults (issue 14, motion).
    /// DIAG latched by a lost step and not yet read by the control loop.
    public var diagAsserted = false
    /// Forward steps the lost-steps fault swallowed (rotor did not turn).
    public var lostSteps: Int64 = 0
    /// Forward steps the coupling-slip fault swallowed (motor turned, pump did not).
    public var slippedSteps: Int64 = 0
    /// Fluid the free-flow fault moved while the motor was disabled, exact in picolitres
    /// (included in the catheter fill and the delivered volume).
    public var freeFlowedPicolitres: Int64 = 0

    public init(
        instant: MonotonicInstant, reservoirPicolitres: Int64, pressurePascals: Int64, stepsForward: Int64,
        stepsBack: Int64, encoderPulses: Int64, reverseMoves: Int64, catheterFillPicolitres: Int64,
        deliveredToPatientPicolitres: Int64, leakedPicolitres: Int64, batteryMillivolts: Int64, enabled: Bool, stepsWhileDisabled: Int64, lastForwardStep: MonotonicInstant? = nil,
        diagAsserted: Bool = false, lostSteps: Int64 = 0, slippedSteps: Int64 = 0, freeFlowedPicolitres: Int64 = 0
    ) {
        self.diagAsserted = diagAsserted
        self.lostSteps = lostSteps
        self.slippedSteps = slippedSteps
        self.freeFlowedPicolitres = freeFlowedPicolitres
        self.instant = instant
        self.reservoirPicolitres = reservoirPicolitres
        self.pressurePascals = pressurePascals
        self.stepsForward = stepsForward
        self.stepsBack = stepsBack
        self.encoderPulses = encoderPulses
        self.reverseMoves = reverseMoves
        self.catheterFillPicolitres = catheterFillPicolitres
        self.deliveredToPatientPicolitres = deliveredToPatientPicolitres
        self.leakedPicolitres = leakedPicolitres
        self.batteryMillivolts = batteryMillivolts
        self.enabled = enabled
        self.stepsWhileDisabled = stepsWhileDisabled
        self.lastForwardStep = lastForwardStep
    }

    /// The reservoir in whole nanolitres, rounded down. Sums of these roundings can miss an exact total by a
    /// few nanolitres: add the picolitre fields (or `fluidPicolitres`) when checking conservation.
    public var reservoir: Volume { Self.flooredVolume(reservoirPicolitres) }
    /// The catheter's fill in whole nanolitres, rounded down.
    public var catheterFill: Volume { Self.flooredVolume(catheterFillPicolitres) }
    /// Net delivery at the tip in whole nanolitres, rounded down (towards minus infinity).
    public var deliveredToPatient: Volume { Self.flooredVolume(deliveredToPatientPicolitres) }
    /// Leaked fluid in whole nanolitres, rounded down.
    public var leaked: Volume { Self.flooredVolume(leakedPicolitres) }

    /// All the fluid the rig accounts for (reservoir + catheter + delivered + leaked), exact in picolitres:
    /// it is constant except across a refill.
    public var fluidPicolitres: Int64 {
        reservoirPicolitres + catheterFillPicolitres + deliveredToPatientPicolitres + leakedPicolitres
    }

    /// Picolitres to whole nanolitres, rounded down.
    static func flooredVolume(_ picolitres: Int64) -> Volume {
        Volume(nanolitres: Int64(WideArithmetic.floorDivide(Int128(picolitres), 1_000)))
    }

    /// Whether any step was issued while ENABLE was inactive.
    public var steppedWhileDisabled: Bool { stepsWhileDisabled > 0 }
}
