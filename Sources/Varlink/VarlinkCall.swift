/// One Varlink method call.
///
/// Omitted, `null` and `{}` parameters all decode as an empty object. Members other than
/// `method`, `parameters`, `oneway`, `more` and `upgrade` are ignored, for forward compatibility.
public struct VarlinkCall: Sendable, Hashable {
    /// The qualified method name, e.g. `io.pumpd.Pump.GetStatus`.
    public var method: String
    public var parameters: JSONObject
    /// The caller wants no reply.
    public var oneway: Bool
    /// The caller accepts several replies (`continues: true` on all but the last).
    public var more: Bool
    /// The caller asks to switch the connection to another protocol after the reply.
    public var upgrade: Bool

    public init(
        method: String, parameters: JSONObject = [:], oneway: Bool = false, more: Bool = false, upgrade: Bool = false
    ) {
        self.method = method
        self.parameters = parameters
        self.oneway = oneway
        self.more = more
        self.upgrade = upgrade
    }

    /// The interface part of `method` (`io.pumpd.Pump`); everything before the last dot.
    public var interface: String {
        guard let dot = method.utf8.lastIndex(of: UInt8(ascii: ".")) else { return "" }
        return String(method[..<dot])
    }

    /// The method part of `method` (`GetStatus`); everything after the last dot.
    public var methodName: String {
        guard let dot = method.utf8.lastIndex(of: UInt8(ascii: ".")) else { return method }
        return String(method[method.utf8.index(after: dot)...])
    }

    /// The call as a JSON object; `parameters` is always written, flags only when true.
    public func encoded() -> JSONValue {
        var object: JSONObject = ["method": .string(method), "parameters": .object(parameters)]
        if oneway { object["oneway"] = true }
        if more { object["more"] = true }
        if upgrade { object["upgrade"] = true }
        return .object(object)
    }

    /// The call's JSON text, without the terminating NUL.
    public func serialized() -> [UInt8] { encoded().serialized() }

    /// Decodes a call from one message's bytes (without its NUL), reporting where it is wrong.
    public static func decode(
        _ bytes: some Collection<UInt8>, maxDepth: Int = 32
    ) throws(VarlinkMessageError) -> VarlinkCall {
        let parsed: (value: JSONValue, offsets: [String: Int])
        do {
            parsed = try JSONValue.parseWithTopLevelOffsets(bytes, maxDepth: maxDepth)
        } catch {
            throw VarlinkMessageError(error)
        }
        return try VarlinkCall(decoding: parsed.value, offsets: parsed.offsets)
    }

    /// Decodes a call from a parsed message; offsets in errors are 0.
    public init(decoding value: JSONValue) throws(VarlinkMessageError) {
        try self.init(decoding: value, offsets: [:])
    }

    init(decoding value: JSONValue, offsets: [String: Int]) throws(VarlinkMessageError) {
        let members = try MessageMembers(value, offsets: offsets)
        let method = try members.required("method", as: \.stringValue, expected: "a string")
        guard VarlinkName.split(qualified: method) != nil else {
            throw VarlinkMessageError(.invalidMethodName(method), at: members.offset(of: "method"))
        }
        let parameters = try members.optional("parameters", as: \.objectValue, expected: "an object") ?? [:]
        let oneway = try members.optional("oneway", as: \.boolValue, expected: "a boolean") ?? false
        let more = try members.optional("more", as: \.boolValue, expected: "a boolean") ?? false
        let upgrade = try members.optional("upgrade", as: \.boolValue, expected: "a boolean") ?? false
        if oneway && more { throw VarlinkMessageError(.onewayWithMore, at: members.offset(of: "more")) }
        self.init(method: method, parameters: parameters, oneway: oneway, more: more, upgrade: upgrade)
    }
}
