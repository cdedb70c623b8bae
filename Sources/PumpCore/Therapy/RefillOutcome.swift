/// The result of a refill: what the accounting expected to withdraw against what was withdrawn.
public struct RefillOutcome: Hashable, Sendable {
    public let expectedRemaining: Volume
    public let withdrawn: Volume
    /// withdrawn − expected: negative means less fluid was left than accounted (over-infusion or a
    /// leak), positive means more (under-infusion, occlusion).
    public let discrepancy: Volume
    public let tolerance: Volume
    public let newFill: ReservoirFill
    /// A new concentration will reach the tip after the dead volume: a bridge is running.
    public let bridging: Bool
    /// The review's warnings the clinician accepted, and the reason given for an override.
    public let acceptedWarnings: [ProgrammingWarning.Code]
    public let overrideReason: String?
    /// A commissioning fill of a pump never filled (nothing withdrawn, nothing expected).
    public let firstFill: Bool
    /// For a first fill: the fluid path arrived primed with the drug.
    public let pathPrimed: Bool?

    public init(
        expectedRemaining: Volume, withdrawn: Volume, discrepancy: Volume, tolerance: Volume, newFill: ReservoirFill, bridging: Bool,
        acceptedWarnings: [ProgrammingWarning.Code] = [], overrideReason: String? = nil, firstFill: Bool = false, pathPrimed: Bool? = nil
    ) {
        self.firstFill = firstFill
        self.pathPrimed = pathPrimed
        self.expectedRemaining = expectedRemaining
        self.withdrawn = withdrawn
        self.discrepancy = discrepancy
        self.tolerance = tolerance
        self.newFill = newFill
        self.bridging = bridging
        self.acceptedWarnings = acceptedWarnings
        self.overrideReason = overrideReason
    }

    public var discrepancyExceedsTolerance: Bool { abs(discrepancy.nanolitres) > tolerance.nanolitres }
}
