public import Varlink

/// `RefillResult`: the refill's volumes (nL) and the reservoir after it.
public struct WireRefillResult: WireRecord, Hashable {
    public var expectedRemaining: Int64
    public var withdrawn: Int64
    public var discrepancy: Int64
    public var tolerance: Int64
    public var discrepancyExceedsTolerance: Bool
    public var bridging: Bool
    public var reservoir: WireReservoir

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        expectedRemaining = try fields.required("expectedRemaining")
        withdrawn = try fields.required("withdrawn")
        discrepancy = try fields.required("discrepancy")
        tolerance = try fields.required("tolerance")
        discrepancyExceedsTolerance = try fields.required("discrepancyExceedsTolerance")
        bridging = try fields.required("bridging")
        reservoir = try fields.required("reservoir")
    }
}
