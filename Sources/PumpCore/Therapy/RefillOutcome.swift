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

    public var discrepancyExceedsTolerance: Bool { abs(discrepancy.nanolitres) > tolerance.nanolitres }
}
