/// One Varlink reply: parameters, whether more replies follow, and an error name when it is an
/// error reply.
public struct VarlinkReply: Sendable, Hashable {
    public var parameters: JSONObject
    /// More replies to the same call follow (only for calls made with `more`).
    public var continues: Bool
    /// The qualified error name when this is an error reply.
    public var error: String?

    public init(parameters: JSONObject = [:], continues: Bool = false, error: String? = nil) {
        self.parameters = parameters
        self.continues = continues
        self.error = error
    }

    /// The final reply carrying `error`.
    public init(_ error: VarlinkError) {
        self.init(parameters: error.parameterObject, error: error.name)
    }

    /// The error this reply carries, if it is an error reply.
    public var varlinkError: VarlinkError? {
        error.map { VarlinkError($0, parameters: parameters) }
    }

    /// The reply as a JSON object: `parameters` is always written; `continues` only when true;
    /// `error` only when set.
    public func encoded() -> JSONValue {
        var object: JSONObject = ["parameters": .object(parameters)]
        if continues { object["continues"] = true }
        if let error { object["error"] = .string(error) }
        return .object(object)
    }

    /// The reply's JSON text, without the terminating NUL: the text of ``encoded()``, written
    /// without building that object first.
    public func serialized() -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        output.append(contentsOf: #"{"parameters":"#.utf8)
        JSONValue.object(parameters).serialize(into: &output)
        if continues { output.append(contentsOf: #","continues":true"#.utf8) }
        if let error {
            output.append(contentsOf: #","error":"#.utf8)
            JSONValue.string(error).serialize(into: &output)
        }
        output.append(UInt8(ascii: "}"))
        return output
    }

    /// Decodes a reply from one message's bytes (without its NUL), reporting where it is wrong.
    public static func decode(
        _ bytes: some Collection<UInt8>, maxDepth: Int = 32
    ) throws(VarlinkMessageError) -> VarlinkReply {
        let parsed: (value: JSONValue, offsets: [String: Int])
        do {
            parsed = try JSONValue.parseWithTopLevelOffsets(bytes, maxDepth: maxDepth)
        } catch {
            throw VarlinkMessageError(error)
        }
        return try VarlinkReply(decoding: parsed.value, offsets: parsed.offsets)
    }

    /// Decodes a reply from a parsed message; offsets in errors are 0. Omitted or `null`
    /// parameters decode as an empty object.
    public init(decoding value: JSONValue) throws(VarlinkMessageError) {
        try self.init(decoding: value, offsets: [:])
    }

    init(decoding value: JSONValue, offsets: [String: Int]) throws(VarlinkMessageError) {
        let members = try MessageMembers(value, offsets: offsets)
        let parameters = try members.optional("parameters", as: \.objectValue, expected: "an object") ?? [:]
        let continues = try members.optional("continues", as: \.boolValue, expected: "a boolean") ?? false
        let error = try members.optional("error", as: \.stringValue, expected: "a string")
        if let error, VarlinkName.split(qualified: error) == nil {
            throw VarlinkMessageError(.invalidErrorName(error), at: members.offset(of: "error"))
        }
        self.init(parameters: parameters, continues: continues, error: error)
    }
}
