public import PumpCore

/// When the simulated catheter outlet is blocked: from `start` (inclusive) to `end` (exclusive).
public struct OcclusionWindow: Hashable, Sendable, CustomStringConvertible {
    public var start: MonotonicInstant
    /// `.distantFuture` while the occlusion lasts until cleared.
    public var end: MonotonicInstant

    public init(start: MonotonicInstant, end: MonotonicInstant = .distantFuture) {
        precondition(end >= start, "an occlusion cannot end before it starts")
        self.start = start
        self.end = end
    }

    public func contains(_ instant: MonotonicInstant) -> Bool { start <= instant && instant < end }

    public var description: String {
        end == .distantFuture ? "occluded from \(start)" : "occluded from \(start) for \(end - start)"
    }
}
