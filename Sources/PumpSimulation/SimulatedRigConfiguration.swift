public import PumpCore

/// The physical parameters of a simulated rig: what one step displaces, how much fluid there is,
/// how the line and the battery behave, and where the switches trip.
///
/// Defaults follow `hw-profiles/sim.toml` (250 nL steps, 200 µL dead volume) with a line that
/// reaches the occlusion switch after eight occluded steps.
public struct SimulatedRigConfiguration: Hashable, Sendable {
    /// What one forward step pushes out of the reservoir.
    public var stepVolume: StepVolume
    /// The reservoir's actual content when the rig starts.
    public var reservoirFill: Volume
    /// Pump tubing plus catheter: what must be filled before fluid leaves the tip.
    public var catheterDeadVolume: Volume
    /// How much of the dead volume is already filled when the rig starts (zero: unprimed).
    public var initialCatheterFill: Volume
    /// Line pressure with nothing held back (gauge).
    public var baselinePressurePascals: Int64
    /// Pressure rise per nanolitre pushed against an occluded outlet.
    public var compliancePascalsPerNanolitre: Double
    /// Time constant of the pressure's exponential relaxation once the outlet is clear.
    public var relaxationTimeConstant: TimeSpan
    /// The occlusion switch is asserted at or above this line pressure.
    public var occlusionSwitchThresholdPascals: Int64
    /// The reservoir-low switch is asserted at or below this actual volume.
    public var reservoirLowThreshold: Volume
    /// Battery voltage when the rig starts.
    public var batteryInitialMillivolts: Int64
    /// Battery voltage lost per motor step (either direction) that moved the motor.
    public var batteryDrainMicrovoltsPerStep: Int64
    /// Battery voltage lost per hour of simulated time.
    public var batteryDrainMicrovoltsPerHour: Int64
    /// The motor's name in messages and errors.
    public var motorName: String
    /// Measurement noise of the analog channels, ± this much per reading (0: none).
    public var pressureNoisePascals: Int64
    public var batteryNoiseMillivolts: Int64
    /// The slowest step rate at which the simulated DIAG (StallGuard-style) output can see a lost
    /// step, steps/s: StallGuard measures the motor's back-EMF, and a rotor stepping once every
    /// 90 s (0.25 mL/day) makes none, so below this rate a lost step leaves DIAG quiet and only
    /// an encoder sees it. A lost step counts as fast enough when the forward step before it
    /// came within 1/rate. 10 steps/s: a TMC2209 needs far more in practice (its TCOOLTHRS), so
    /// this errs towards DIAG seeing more than a real driver would, never less.
    public var stallOutputMinimumStepsPerSecond: Int64 = 10

    public init(
        stepVolume: StepVolume = .nanolitres(250),
        reservoirFill: Volume = .millilitres(20),
        catheterDeadVolume: Volume = .microlitres(200),
        initialCatheterFill: Volume = .zero,
        baselinePressurePascals: Int64 = 0,
        compliancePascalsPerNanolitre: Double = 50,
        relaxationTimeConstant: TimeSpan = .seconds(30),
        occlusionSwitchThresholdPascals: Int64 = 100_000,
        reservoirLowThreshold: Volume = .millilitres(2),
        batteryInitialMillivolts: Int64 = 3_600,
        batteryDrainMicrovoltsPerStep: Int64 = 2,
        batteryDrainMicrovoltsPerHour: Int64 = 5,
        motorName: String = "simulated stepper",
        pressureNoisePascals: Int64 = 0,
        batteryNoiseMillivolts: Int64 = 0
    ) {
        precondition(reservoirFill >= .zero && catheterDeadVolume >= .zero, "volumes cannot be negative")
        precondition(initialCatheterFill >= .zero && initialCatheterFill <= catheterDeadVolume, "the catheter holds at most its dead volume")
        precondition(compliancePascalsPerNanolitre >= 0, "compliance cannot be negative")
        precondition(relaxationTimeConstant > .zero, "the relaxation time constant must be positive")
        precondition(batteryDrainMicrovoltsPerStep >= 0 && batteryDrainMicrovoltsPerHour >= 0, "a battery does not charge itself")
        self.stepVolume = stepVolume
        self.reservoirFill = reservoirFill
        self.catheterDeadVolume = catheterDeadVolume
        self.initialCatheterFill = initialCatheterFill
        self.baselinePressurePascals = baselinePressurePascals
        self.compliancePascalsPerNanolitre = compliancePascalsPerNanolitre
        self.relaxationTimeConstant = relaxationTimeConstant
        self.occlusionSwitchThresholdPascals = occlusionSwitchThresholdPascals
        self.reservoirLowThreshold = reservoirLowThreshold
        self.batteryInitialMillivolts = batteryInitialMillivolts
        self.batteryDrainMicrovoltsPerStep = batteryDrainMicrovoltsPerStep
        self.batteryDrainMicrovoltsPerHour = batteryDrainMicrovoltsPerHour
        self.motorName = motorName
        self.pressureNoisePascals = pressureNoisePascals
        self.batteryNoiseMillivolts = batteryNoiseMillivolts
    }
}
