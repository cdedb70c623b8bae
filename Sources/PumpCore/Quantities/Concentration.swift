/// A drug concentration in whole micrograms per millilitre (numerically equal to nanograms per
/// microlitre): baclofen is typically 500–2000 µg/mL, morphine 25 mg/mL = 25 000 µg/mL.
public struct Concentration: Hashable, Comparable, Sendable, CustomStringConvertible {
    public var microgramsPerMillilitre: Int64

    @inlinable public init(microgramsPerMillilitre: Int64) { self.microgramsPerMillilitre = microgramsPerMillilitre }

    @inlinable public static func microgramsPerMillilitre(_ value: Int64) -> Concentration {
        Concentration(microgramsPerMillilitre: value)
    }
    @inlinable public static func milligramsPerMillilitre(_ value: Int64) -> Concentration {
        Concentration(microgramsPerMillilitre: value * 1_000)
    }

    /// A fluid that carries no drug: saline or air ahead of the drug in an unprimed catheter.
    public static let none = Concentration(microgramsPerMillilitre: 0)

    /// The drug carried by `volume` of this solution, rounded down to the nanogram.
    ///
    /// Callers that need an exact total over many deliveries must convert the cumulative volume,
    /// not add up per-step masses.
    @inlinable public func mass(in volume: Volume) -> DrugMass {
        DrugMass(nanograms: WideArithmetic.multiplyDivide(volume.nanolitres, microgramsPerMillilitre, 1_000))
    }

    /// The volume of this solution that carries `mass`, rounded down to the nanolitre (the safe
    /// direction: never more drug than asked for). Requires a positive concentration.
    @inlinable public func volume(containing mass: DrugMass) -> Volume {
        precondition(microgramsPerMillilitre > 0, "a drug-free fluid carries no dose")
        return Volume(nanolitres: WideArithmetic.multiplyDivide(mass.nanograms, 1_000, microgramsPerMillilitre))
    }

    @inlinable public static func < (lhs: Concentration, rhs: Concentration) -> Bool {
        lhs.microgramsPerMillilitre < rhs.microgramsPerMillilitre
    }

    public var description: String { "\(microgramsPerMillilitre) µg/mL" }
}
