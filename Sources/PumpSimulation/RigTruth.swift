public import PumpCore

/// What physically happened in a simulated rig, as a test or HIL harness checks it against what
/// the controller believes.
public struct RigTruth: Hashable, Sendable {
    /// The simulated instant of the snapshot.
    public var instant: MonotonicInstant
    /// Fluid actually in the reservoir (less than accounted when it leaks).
    public var reservoir: Volume
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
    /// Fluid in the catheter's dead volume.
    public var catheterFill: Volume
    /// Net fluid that left the catheter tip (negative if more was drawn back than pushed out).
    public var deliveredToPatient: Volume
    /// Fluid lost through the reservoir leak fault.
    public var leaked: Volume
    /// Battery voltage, sag included.
    public var batteryMillivolts: Int64
    /// Whether ENABLE is at its active level.
    public var enabled: Bool
    /// Steps (either direction) issued while ENABLE was inactive: a fault in the caller.
    public var stepsWhileDisabled: Int64
    /// When the last forward STEP pulse was issued; nil before the first.
    public var lastForwardStep: MonotonicInstant?

    public init(
        instant: MonotonicInstant, reservoir: Volume, pressurePascals: Int64, stepsForward: Int64, stepsBack: Int64,
        encoderPulses: Int64, reverseMoves: Int64, catheterFill: Volume, deliveredToPatient: Volume, leaked: Volume,
        batteryMillivolts: Int64, enabled: Bool, stepsWhileDisabled: Int64, lastForwardStep: MonotonicInstant? = nil
    ) {
        self.instant = instant
        self.reservoir = reservoir
        self.pressurePascals = pressurePascals
        self.stepsForward = stepsForward
        self.stepsBack = stepsBack
        self.encoderPulses = encoderPulses
        self.reverseMoves = reverseMoves
        self.catheterFill = catheterFill
        self.deliveredToPatient = deliveredToPatient
        self.leaked = leaked
        self.batteryMillivolts = batteryMillivolts
        self.enabled = enabled
        self.stepsWhileDisabled = stepsWhileDisabled
        self.lastForwardStep = lastForwardStep
    }

    /// Whether any step was issued while ENABLE was inactive.
    public var steppedWhileDisabled: Bool { stepsWhileDisabled > 0 }
}
