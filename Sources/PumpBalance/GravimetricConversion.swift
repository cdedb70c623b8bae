public import PumpCore

/// Turns weighed mass into delivered volume: volume = mass / density, exactly, once per reading.
///
/// Rounding: the volume of a mass is mass (µg) × 10⁶ / density (µg/mL) nanolitres, computed in
/// 128 bits and rounded to the nearest nanolitre, halves away from zero. Each reading is rounded
/// once (its mass above the tare first, then the conversion), so a difference of two converted
/// readings is within 1 nL of the exact difference.
public struct GravimetricConversion: Hashable, Sendable {
    public var density: FluidDensity

    public init(density: FluidDensity) { self.density = density }

    /// The volume of fluid with `mass`, to the nearest nanolitre.
    public func volume(of mass: BalanceMass) -> Volume {
        // The core's conversion, the same a calibration run's commit uses.
        CalibrationRunMeasurement.volume(massMicrograms: mass.micrograms, densityMicrogramsPerMillilitre: density.microgramsPerMillilitre)
    }

    /// The measurement resolution q for `QuantisationLimit` of a balance whose last digit is
    /// `readability` (e.g. 0.01 mg): a reading rounded to its last digit is off by at most half
    /// of it, so a difference of two by at most one readability; that volume, rounded up to the
    /// nanolitre, plus 1 nL for the conversion's own rounding of each reading.
    public func measurementResolution(readability: BalanceMass) -> Volume {
        let numerator = Int128(readability.micrograms.magnitude) * 1_000_000
        let denominator = Int128(density.microgramsPerMillilitre)
        let (quotient, remainder) = numerator.quotientAndRemainder(dividingBy: denominator)
        return .nanolitres(Int64(quotient) + (remainder == 0 ? 0 : 1) + 1)
    }
}
