/// A dose rate: drug mass per unit time, stored as whole nanograms per day.
///
/// Clinicians program intrathecal doses in µg/day; hourly limits are in µg/h. Use the named
/// constructors so that the unit is always spelled out where a value is made.
public struct MassRate: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanogramsPerDay: Int64

    @inlinable public init(nanogramsPerDay: Int64) { self.nanogramsPerDay = nanogramsPerDay }

    @inlinable public static var zero: MassRate { MassRate(nanogramsPerDay: 0) }

    @inlinable public static func microgramsPerDay(_ value: Int64) -> MassRate { MassRate(nanogramsPerDay: value * 1_000) }
    @inlinable public static func nanogramsPerDay(_ value: Int64) -> MassRate { MassRate(nanogramsPerDay: value) }
    @inlinable public static func microgramsPerHour(_ value: Int64) -> MassRate { MassRate(nanogramsPerDay: value * 24_000) }

    /// The volume rate that carries this dose at `concentration`, rounded down to the picolitre
    /// per day (at most 0.365 nL a year below the exact value, never above it).
    @inlinable public func volumeRate(at concentration: Concentration) -> VolumeRate {
        precondition(concentration.microgramsPerMillilitre > 0, "a drug-free fluid carries no dose")
        return VolumeRate(
            picolitresPerDay: WideArithmetic.multiplyDivide(
                nanogramsPerDay, 1_000_000, concentration.microgramsPerMillilitre))
    }

    /// The drug delivered at this rate over `span`, rounded down to the nanogram.
    @inlinable public func mass(over span: TimeSpan) -> DrugMass {
        DrugMass(nanograms: WideArithmetic.multiplyDivide(nanogramsPerDay, span.nanoseconds, TimeSpan.day.nanoseconds))
    }

    @inlinable public static func < (lhs: MassRate, rhs: MassRate) -> Bool { lhs.nanogramsPerDay < rhs.nanogramsPerDay }
    @inlinable public static func + (lhs: MassRate, rhs: MassRate) -> MassRate {
        MassRate(nanogramsPerDay: lhs.nanogramsPerDay + rhs.nanogramsPerDay)
    }

    /// Exact, as a mass per day, e.g. `500 µg/day`.
    public var description: String { QuantityFormatter.doseRate(nanogramsPerDay: nanogramsPerDay) }
}
