public import Varlink

/// The parameters of one reply from pumpd, read with the method name at hand so that a field
/// pumpctl cannot read becomes a `ReplyFormatError` naming the method and field.
public struct Reply: Sendable {
    public let method: String
    public let parameters: JSONObject

    /// The reply `parameters` of `method`.
    public init(_ method: String, _ parameters: JSONObject) {
        self.method = method
        self.parameters = parameters
    }

    /// The field `name`; throws `ReplyFormatError` when it is missing or does not fit.
    public func required<Value: VarlinkParameterDecodable>(_ name: String, as type: Value.Type = Value.self) throws(ReplyFormatError) -> Value {
        do {
            return try VarlinkParameters(parameters).required(name, as: type)
        } catch {
            throw failure(error)
        }
    }

    /// The field `name`, nil when absent or null; throws `ReplyFormatError` when it does not fit.
    public func optional<Value: VarlinkParameterDecodable>(_ name: String, as type: Value.Type = Value.self) throws(ReplyFormatError) -> Value? {
        do {
            return try VarlinkParameters(parameters).optional(name, as: type)
        } catch {
            throw failure(error)
        }
    }

    private func failure(_ error: VarlinkError) -> ReplyFormatError {
        ReplyFormatError(method: method, field: error.parameterObject["parameter"]?.stringValue ?? "?")
    }
}
