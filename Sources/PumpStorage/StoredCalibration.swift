/// One change of the pump's calibrated step volume, kept as history (never updated or deleted).
public struct StoredCalibration: Sendable, Hashable {
    /// Assigned by the store; increases with every calibration.
    public var id: Int64
    /// Wall-clock time of the calibration, nanoseconds since the Unix epoch (UTC).
    public var atWallNanoseconds: Int64
    /// The new step volume, picolitres (> 0).
    public var stepVolumePicolitres: Int64
    /// The step volume it replaced, picolitres (> 0).
    public var previousStepVolumePicolitres: Int64
    /// Who calibrated.
    public var actor: ChangeActor

    public init(
        id: Int64, atWallNanoseconds: Int64, stepVolumePicolitres: Int64, previousStepVolumePicolitres: Int64,
        actor: ChangeActor
    ) {
        self.id = id
        self.atWallNanoseconds = atWallNanoseconds
        self.stepVolumePicolitres = stepVolumePicolitres
        self.previousStepVolumePicolitres = previousStepVolumePicolitres
        self.actor = actor
    }
}
