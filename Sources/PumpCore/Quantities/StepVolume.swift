/// The volume one motor step (or one encoder pulse) displaces, in whole picolitres.
///
/// Picolitres keep a calibrated factor such as 287.5 nL/step exact. The value comes from the rig
/// profile or a calibration run; it is never inferred by the therapy core.
public struct StepVolume: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var picolitres: Int64

    @inlinable public init(picolitres: Int64) {
        precondition(picolitres > 0, "a step must displace a positive volume")
        self.picolitres = picolitres
    }

    @inlinable public static func picolitres(_ value: Int64) -> StepVolume { StepVolume(picolitres: value) }
    @inlinable public static func nanolitres(_ value: Int64) -> StepVolume { StepVolume(picolitres: value * 1_000) }

    /// The volume displaced by `steps` steps, rounded down to the nanolitre. Computed from the
    /// count, never accumulated, so it cannot drift.
    @inlinable public func volume(ofSteps steps: Int64) -> Volume {
        Volume(nanolitres: WideArithmetic.multiplyDivide(steps, picolitres, 1_000))
    }

    /// The whole number of steps that displace at most `volume`.
    @inlinable public func steps(in volume: Volume) -> Int64 {
        WideArithmetic.multiplyDivide(volume.nanolitres, 1_000, picolitres)
    }

    @inlinable public static func < (lhs: StepVolume, rhs: StepVolume) -> Bool { lhs.picolitres < rhs.picolitres }

    /// Exact, in nL, e.g. `287.5 nL/step`.
    public var description: String { "\(QuantityFormatter.stepVolume(picolitres: picolitres))/step" }
}
