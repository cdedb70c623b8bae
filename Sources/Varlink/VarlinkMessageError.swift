/// A message (call or reply) that is not valid Varlink: what is wrong and the byte offset in the
/// message where it shows.
///
/// For bad JSON the offset is the parser's; for a wrong member it is where the member's value
/// starts; for a missing member or a value that is not an object it is 0.
public struct VarlinkMessageError: Error, Hashable, Sendable, CustomStringConvertible {
    public enum Reason: Hashable, Sendable {
        /// The bytes are not JSON.
        case invalidJSON(JSONParseError.Reason)
        /// The message is JSON but not an object; carries the JSON type found.
        case notAnObject(found: String)
        /// A member the message must have is absent (or `null`).
        case missingMember(String)
        /// A member has the wrong JSON type.
        case wrongType(member: String, expected: String, found: String)
        /// `method` is not `interface.Method` (reverse-domain interface, capitalised method).
        case invalidMethodName(String)
        /// `error` is not `interface.Error`.
        case invalidErrorName(String)
        /// A call sets both `oneway` and `more`, which contradict each other.
        case onewayWithMore
    }

    public var reason: Reason
    public var offset: Int

    public init(_ reason: Reason, at offset: Int) {
        self.reason = reason
        self.offset = offset
    }

    init(_ error: JSONParseError) {
        self.init(.invalidJSON(error.reason), at: error.offset)
    }

    /// What is wrong, without the offset.
    public var message: String {
        switch reason {
        case .invalidJSON(let reason): "invalid JSON: \(JSONParseError(reason, at: offset).message)"
        case .notAnObject(let found): "message is a JSON \(found), not an object"
        case .missingMember(let name): "missing \"\(name)\""
        case .wrongType(let member, let expected, let found): "\"\(member)\" must be \(expected), not \(found)"
        case .invalidMethodName(let name): "method \"\(name)\" is not of the form interface.Method"
        case .invalidErrorName(let name): "error \"\(name)\" is not of the form interface.Error"
        case .onewayWithMore: "\"oneway\" and \"more\" cannot both be true"
        }
    }

    /// `byte 9: "method" must be a string, not integer`.
    public var description: String { "byte \(offset): \(message)" }
}
