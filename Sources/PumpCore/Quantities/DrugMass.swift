/// An amount of drug, counted in whole nanograms.
public struct DrugMass: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var nanograms: Int64

    @inlinable public init(nanograms: Int64) { self.nanograms = nanograms }

    @inlinable public static var zero: DrugMass { DrugMass(nanograms: 0) }

    @inlinable public static func nanograms(_ value: Int64) -> DrugMass { DrugMass(nanograms: value) }
    @inlinable public static func micrograms(_ value: Int64) -> DrugMass { DrugMass(nanograms: value * 1_000) }
    @inlinable public static func milligrams(_ value: Int64) -> DrugMass { DrugMass(nanograms: value * 1_000_000) }

    @inlinable public static func < (lhs: DrugMass, rhs: DrugMass) -> Bool { lhs.nanograms < rhs.nanograms }
    @inlinable public static func + (lhs: DrugMass, rhs: DrugMass) -> DrugMass { DrugMass(nanograms: lhs.nanograms + rhs.nanograms) }
    @inlinable public static func - (lhs: DrugMass, rhs: DrugMass) -> DrugMass { DrugMass(nanograms: lhs.nanograms - rhs.nanograms) }
    @inlinable public static func += (lhs: inout DrugMass, rhs: DrugMass) { lhs.nanograms += rhs.nanograms }

    /// Exact, in the formatter's unit for the magnitude, e.g. `500 µg`, `20.833 µg`.
    public var description: String { QuantityFormatter.mass(nanograms: nanograms) }
}
