/// Typed, path-aware access to a call's parameters (or any nested object in them).
///
/// Every failure is `VarlinkError.invalidParameter` naming the offending field by its dotted path
/// from the top of the call's parameters: `rate`, `basal.rate`, `basal.flex[2].rate`. Handlers
/// decode nested objects by asking for `VarlinkParameters` (or arrays of it), which carry their
/// path along:
///
/// ```swift
/// let basal = try call.input.required("basal", as: VarlinkParameters.self)
/// for step in try basal.required("flex", as: [VarlinkParameters].self) {
///     try step.rejectUnknown(allowed: ["start", "rate"])
///     let rate = try step.required("rate", as: Int64.self)  // fails as "basal.flex[2].rate"
/// }
/// ```
///
/// A member that is absent or `null` counts as missing.
public struct VarlinkParameters: Sendable, Hashable {
    public let object: JSONObject
    /// The dotted path of this object from the top of the call's parameters; empty at the top.
    public let path: String

    public init(_ object: JSONObject, path: String = "") {
        self.object = object
        self.path = path
    }

    /// The dotted path of member `name` of this object.
    public func path(of name: String) -> String { path.isEmpty ? name : "\(path).\(name)" }

    /// The member's raw value; nil when absent or `null`.
    public subscript(name: String) -> JSONValue? {
        guard let value = object[name], !value.isNull else { return nil }
        return value
    }

    /// The member converted to `type`; throws invalidParameter when it is missing or does not fit.
    public func required<Value: VarlinkParameterDecodable>(
        _ name: String, as type: Value.Type = Value.self
    ) throws(VarlinkError) -> Value {
        guard let value = self[name] else { throw .invalidParameter(path(of: name)) }
        return try Value.decode(value, at: path(of: name))
    }

    /// The member converted to `type`, or nil when it is absent or `null`; throws invalidParameter
    /// when it is present but does not fit.
    public func optional<Value: VarlinkParameterDecodable>(
        _ name: String, as type: Value.Type = Value.self
    ) throws(VarlinkError) -> Value? {
        guard let value = self[name] else { return nil }
        return try Value.decode(value, at: path(of: name))
    }

    /// The member converted to the type of `defaultValue`, or `defaultValue` when it is absent or
    /// `null`; throws invalidParameter when it is present but does not fit.
    public func optional<Value: VarlinkParameterDecodable>(
        _ name: String, default defaultValue: Value
    ) throws(VarlinkError) -> Value {
        try optional(name, as: Value.self) ?? defaultValue
    }

    /// Throws invalidParameter for the first member (in the order sent) whose name is not in
    /// `allowed`.
    public func rejectUnknown(allowed: Set<String>) throws(VarlinkError) {
        if let unknown = object.keys.first(where: { !allowed.contains($0) }) {
            throw .invalidParameter(path(of: unknown))
        }
    }
}

extension VarlinkCall {
    /// The call's parameters for typed access.
    public var input: VarlinkParameters { VarlinkParameters(parameters) }
}
