/// What a calibration commit measured after a calibration run: the steps driven, the mass the
/// balance weighed and the density that turned it into volume.
public struct CalibrationRunMeasurement: Hashable, Sendable {
    /// Steps the run made.
    public var steps: Int64
    /// Weighed mass of the fluid the run pushed, micrograms (µg).
    public var massMicrograms: Int64
    /// Density of the fluid, micrograms per millilitre (µg/mL; water at 20 °C is 998 200).
    public var densityMicrogramsPerMillilitre: Int64
    /// The volume the mass and density give, nanolitres.
    public var volume: Volume

    public init(steps: Int64, massMicrograms: Int64, densityMicrogramsPerMillilitre: Int64, volume: Volume) {
        self.steps = steps
        self.massMicrograms = massMicrograms
        self.densityMicrogramsPerMillilitre = densityMicrogramsPerMillilitre
        self.volume = volume
    }
}
