/// A flow rate, stored as whole picolitres per day.
///
/// Picolitres per day resolve the lowest intrathecal rates (a few µL/day) exactly and still hold
/// bench rates (10 mL/h = 2.4 × 10¹⁴ pL/day) with room to spare in 64 bits.
public struct VolumeRate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var picolitresPerDay: Int64

    @inlinable public init(picolitresPerDay: Int64) { self.picolitresPerDay = picolitresPerDay }

    @inlinable public static var zero: VolumeRate { VolumeRate(picolitresPerDay: 0) }

    @inlinable public static func microlitresPerDay(_ value: Int64) -> VolumeRate { VolumeRate(picolitresPerDay: value * 1_000_000) }
    @inlinable public static func millilitresPerDay(_ value: Int64) -> VolumeRate { VolumeRate(picolitresPerDay: value * 1_000_000_000) }
    @inlinable public static func microlitresPerHour(_ value: Int64) -> VolumeRate { VolumeRate(picolitresPerDay: value * 24_000_000) }
    @inlinable public static func millilitresPerHour(_ value: Int64) -> VolumeRate { VolumeRate(picolitresPerDay: value * 24_000_000_000) }

    /// The volume that flows at this rate over `span`, rounded down to the nanolitre.
    @inlinable public func volume(over span: TimeSpan) -> Volume {
        Volume(nanolitres: WideArithmetic.multiplyDivide(picolitresPerDay, span.nanoseconds, TimeSpan.day.nanoseconds * 1_000))
    }

    /// The drug carried per day at this rate, rounded down to the nanogram.
    @inlinable public func massRate(at concentration: Concentration) -> MassRate {
        MassRate(nanogramsPerDay: WideArithmetic.multiplyDivide(picolitresPerDay, concentration.microgramsPerMillilitre, 1_000_000))
    }

    /// The step frequency needed to sustain this rate with `step`, in steps per day (rounded up).
    @inlinable public func stepsPerDay(with step: StepVolume) -> Int64 {
        WideArithmetic.multiplyDivideRoundingUp(picolitresPerDay, 1, step.picolitres)
    }

    @inlinable public static func < (lhs: VolumeRate, rhs: VolumeRate) -> Bool { lhs.picolitresPerDay < rhs.picolitresPerDay }
    @inlinable public static func + (lhs: VolumeRate, rhs: VolumeRate) -> VolumeRate {
        VolumeRate(picolitresPerDay: lhs.picolitresPerDay + rhs.picolitresPerDay)
    }

    /// Exact, per day below 1 mL/h and per hour from there, e.g. `250 µL/day`, `10 mL/h`.
    public var description: String { QuantityFormatter.flow(picolitresPerDay: picolitresPerDay) }
}
