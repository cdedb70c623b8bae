public import PumpBalance
public import PumpCore

/// The largest deviation of a windowed volume that the granularity of a stepped delivery (and of
/// its measurement) explains: the yardstick the trumpet curve is held against.
///
/// ## Derivation
///
/// A stepper delivers in whole steps of volume s. The daemon's planner issues a step the instant
/// the programmed volume reaches the volume already delivered plus one step, so at every instant
/// the *lag* — programmed minus delivered volume — lies in the band [0, s]: delivery is never
/// ahead of the program and never a whole step plus anything behind it.
///
/// A window from a to b = a + P delivers V(b) − V(a) = r·P − (lag(b) − lag(a)). Both lags lie in
/// the same band, so their difference lies in [−s, +s]:
///
///     |V(b) − V(a) − r·P| ≤ s,  so  |Ep| ≤ s / (r·P) × 100 %.
///
/// The factor is one step, not two: "one step off at each end" would allow 2s, but the two ends
/// are off in the same direction (both lag), so their difference is at most one step.
///
/// Sharper, for an ideal stepper (lag in [0, s)): a window holds either ⌊x⌋ or ⌈x⌉ steps, where
/// x = r·P / s is the number of steps the set rate asks for, so Ep(max) ≤ (⌈x⌉ − x)·s/(r·P) and
/// Ep(min) ≥ −(x − ⌊x⌋)·s/(r·P). The two parts add up to the symmetric limit, and one of them
/// approaches all of it as x approaches a whole number: without knowing x, ± s/(r·P) cannot be
/// tightened. A sampling grid that visits many phases of the step cycle (0.25 mL/day with 250 nL
/// steps and Δt = 30 s visits 72) reaches both parts.
///
/// A measurement adds its own granularity: if every reading of cumulative volume is off by an
/// amount within a band of width q (a balance reading rounded to its readability, a step count
/// floored to the nanolitre), a difference of two readings is off by at most q. The limit in
/// force is therefore (s + q) / (r·P). `measurementResolution` is q: zero for a simulated rig
/// reporting step counts × a whole-nanolitre step volume, 1 nL when that product is floored to
/// the nanolitre (`reportedStepCounts(stepVolume:)`), and the balance's readability as volume
/// (`GravimetricConversion.measurementResolution(readability:)`) when the fluid is weighed.
///
/// Delays of individual steps (a control loop waking late by τ) widen the lag band by r·τ; at the
/// rates of this pump that is far below a step and is not part of the limit.
public struct QuantisationLimit: Hashable, Sendable, CustomStringConvertible {
    /// s, the volume of one motor step.
    public var stepVolume: StepVolume
    /// q, the granularity of the volume readings (zero when they are exact).
    public var measurementResolution: Volume

    public init(stepVolume: StepVolume, measurementResolution: Volume = .zero) {
        precondition(measurementResolution >= .zero, "a resolution is not negative")
        self.stepVolume = stepVolume
        self.measurementResolution = measurementResolution
    }

    /// The limit for volumes reported as step count × step volume floored to the nanolitre (a
    /// simulated rig, or a real one counting steps): q is zero when a step is a whole number of
    /// nanolitres, else 1 nL for the flooring.
    public static func reportedStepCounts(stepVolume: StepVolume) -> QuantisationLimit {
        QuantisationLimit(stepVolume: stepVolume, measurementResolution: .nanolitres(stepVolume.picolitres % 1_000 == 0 ? 0 : 1))
    }

    /// s + q, the volume by which a windowed volume may honestly differ from r·P, in picolitres.
    public var explainedPicolitres: Int64 { stepVolume.picolitres + measurementResolution.nanolitres * 1_000 }

    /// (s + q) / (r·P), exactly: the limit for a window of `window` at `rate` (both positive).
    public func limit(for window: TimeSpan, at rate: VolumeRate) -> RelativeDeviation {
        precondition(window > .zero && rate > .zero, "a limit is for a positive window at a positive rate")
        // In picolitres × nanoseconds-per-day, the unit the curve computes in: r·P is
        // picolitres-per-day × nanoseconds.
        return RelativeDeviation(
            numerator: Int128(explainedPicolitres) * Int128(TimeSpan.day.nanoseconds),
            denominator: Int128(rate.picolitresPerDay) * Int128(window.nanoseconds))
    }

    public var description: String {
        measurementResolution == .zero
            ? "one step (\(stepVolume))"
            : "one step (\(stepVolume)) + measurement resolution (\(measurementResolution))"
    }
}
