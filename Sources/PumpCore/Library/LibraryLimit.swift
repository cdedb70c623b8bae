/// A library limit on one quantity: above `soft` needs an override with a reason; above `hard` is
/// refused. Either may be absent; when both are given, soft ≤ hard.
public struct LibraryLimit<Quantity: Hashable & Sendable & Comparable>: Hashable, Sendable {
    public var soft: Quantity?
    public var hard: Quantity?

    public init(soft: Quantity? = nil, hard: Quantity? = nil) {
        self.soft = soft
        self.hard = hard
    }
}
