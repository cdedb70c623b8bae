/// A reply from pumpd that lacks a field pumpctl needs, or has it with the wrong type: the two
/// programs speak different versions of io.pumpd.Pump.
public struct ReplyFormatError: Error, Hashable, Sendable, CustomStringConvertible {
    /// The method whose reply it was, e.g. `GetStatus`.
    public let method: String
    /// The dotted path of the field, e.g. `status.reservoir.remaining`.
    public let field: String

    /// The reply to `method` lacks `field` or has it with the wrong type.
    public init(method: String, field: String) {
        self.method = method
        self.field = field
    }

    public var description: String {
        "pumpd's reply to \(method) is not what pumpctl expects: \(field) is missing or has the wrong type (do pumpd and pumpctl come from different versions?)"
    }
}
