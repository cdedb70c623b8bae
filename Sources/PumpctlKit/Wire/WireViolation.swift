public import Varlink

/// `Violation`: a broken rule, the field (a path into the request), its value and the limit,
/// each as pumpd words it with its unit.
public struct WireViolation: WireRecord, Hashable {
    public var rule: String
    public var field: String
    public var actual: String
    public var limit: String

    public init(rule: String, field: String, actual: String, limit: String) {
        self.rule = rule
        self.field = field
        self.actual = actual
        self.limit = limit
    }

    public init(_ fields: VarlinkParameters) throws(VarlinkError) {
        rule = try fields.required("rule")
        field = try fields.required("field")
        actual = try fields.required("actual")
        limit = try fields.required("limit")
    }

    /// `bolus.dose is 60 µg, must be ≤ 50 µg (above-maximum-bolus)`.
    public var text: String { "\(field) is \(actual), must be \(limit) (\(rule))" }
}
