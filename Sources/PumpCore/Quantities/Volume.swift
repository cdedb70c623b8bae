/// A fluid volume, counted in whole nanolitres.
///
/// Every volume in dose accounting is an integer number of nanolitres: no floating point ever
/// accumulates, so a year of delivery cannot drift. Negative values are representable so that
/// differences (for example a refill discrepancy) keep their sign.
public struct Volume: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanolitres: Int64

    @inlinable public init(nanolitres: Int64) { self.nanolitres = nanolitres }

    @inlinable public static var zero: Volume { Volume(nanolitres: 0) }

    @inlinable public static func nanolitres(_ value: Int64) -> Volume { Volume(nanolitres: value) }
    @inlinable public static func microlitres(_ value: Int64) -> Volume { Volume(nanolitres: value * 1_000) }
    @inlinable public static func millilitres(_ value: Int64) -> Volume { Volume(nanolitres: value * 1_000_000) }

    /// The volume in picolitres, the unit the metering planner integrates in.
    @inlinable public var picolitres: Int64 { nanolitres * 1_000 }

    @inlinable public static func < (lhs: Volume, rhs: Volume) -> Bool { lhs.nanolitres < rhs.nanolitres }
    @inlinable public static func + (lhs: Volume, rhs: Volume) -> Volume { Volume(nanolitres: lhs.nanolitres + rhs.nanolitres) }
    @inlinable public static func - (lhs: Volume, rhs: Volume) -> Volume { Volume(nanolitres: lhs.nanolitres - rhs.nanolitres) }
    @inlinable public static func += (lhs: inout Volume, rhs: Volume) { lhs.nanolitres += rhs.nanolitres }
    @inlinable public static func -= (lhs: inout Volume, rhs: Volume) { lhs.nanolitres -= rhs.nanolitres }

    /// Exact, in the formatter's unit for the magnitude, e.g. `19.75 mL`, `258.333 µL`.
    public var description: String { QuantityFormatter.volume(nanolitres: nanolitres) }
}
