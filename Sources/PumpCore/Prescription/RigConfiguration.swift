/// What the therapy core needs to know about the rig it drives: calibration, fluid path and the
/// hard limits no prescription may exceed. Comes from the hardware profile.
public struct RigConfiguration: Hashable, Sendable {
    /// Volume one motor step (or encoder pulse) displaces.
    public var stepVolume: StepVolume
    /// Highest total flow the rig may ever be asked for.
    public var maximumRate: VolumeRate
    /// Highest step rate the motor and driver sustain, in steps per second.
    public var maximumStepsPerSecond: Int64
    /// Lowest non-zero basal rate the rig meters reliably; zero disables the check.
    public var minimumRate: VolumeRate
    /// Pump tubing plus catheter: fluid that must be pushed before a new fluid reaches the tip.
    public var deadVolume: Volume
    /// Flow used for a priming bolus.
    public var primingRate: VolumeRate
    /// Largest volume the reservoir holds.
    public var reservoirCapacity: Volume
    /// At or below this accounted volume, delivery stops: the pump never runs dry.
    public var emptyThreshold: Volume
    /// A refill whose withdrawn volume differs from the accounted remainder by more than this
    /// raises a refill-discrepancy alarm (a sign of over- or under-infusion, or a leak).
    public var refillDiscrepancyTolerance: Volume
    /// How a resume after an occlusion proves the line open before therapy returns.
    public var lineTest: LineTestPlan
    /// The bounds of a calibration run.
    public var calibrationRun: CalibrationRunBounds

    public init(
        stepVolume: StepVolume,
        maximumRate: VolumeRate,
        maximumStepsPerSecond: Int64,
        minimumRate: VolumeRate = .zero,
        deadVolume: Volume,
        primingRate: VolumeRate,
        reservoirCapacity: Volume,
        emptyThreshold: Volume,
        refillDiscrepancyTolerance: Volume = .millilitres(1),
        lineTest: LineTestPlan = .standard,
        calibrationRun: CalibrationRunBounds = .standard
    ) {
        self.lineTest = lineTest
        self.calibrationRun = calibrationRun
        self.stepVolume = stepVolume
        self.maximumRate = maximumRate
        self.maximumStepsPerSecond = maximumStepsPerSecond
        self.minimumRate = minimumRate
        self.deadVolume = deadVolume
        self.primingRate = primingRate
        self.reservoirCapacity = reservoirCapacity
        self.emptyThreshold = emptyThreshold
        self.refillDiscrepancyTolerance = refillDiscrepancyTolerance
    }

    /// The highest flow allowed, whichever hard limit binds: the rate limit or the step frequency.
    public var effectiveMaximumRate: VolumeRate {
        let byFrequency = VolumeRate(picolitresPerDay: stepVolume.picolitres * maximumStepsPerSecond * 86_400)
        return min(maximumRate, byFrequency)
    }
}
