import Foundation
public import Varlink

/// Converts between the API's JSON values and Codable types (the core's prescriptions, the wire
/// structures), turning every decoding problem into an `InvalidValue` error that names the field.
public enum WireCoding {
    /// `value` as JSON (nil fields omitted).
    public static func encode(_ value: some Encodable) -> JSONValue {
        // The wire types hold integers, strings and bools only: encoding cannot fail.
        let data = try! JSONEncoder().encode(value)
        return try! JSONValue.parse(Array(data))
    }

    /// Decodes `value` (the field at `path`) as `T`. Rejects members `T` does not have, so a
    /// misspelt optional field is an error rather than silently ignored.
    public static func decode<T: Codable>(_ type: T.Type, from value: JSONValue, at path: String) throws(VarlinkError) -> T {
        let decoded: T
        do {
            decoded = try JSONDecoder().decode(T.self, from: Data(value.serialized()))
        } catch let error as DecodingError {
            throw describe(error, at: path)
        } catch {
            throw PumpErrors.invalidValue(field: path, value: "\(value)", expected: "\(error)")
        }
        if let unknown = firstUnknownMember(sent: value, known: encode(decoded), at: path) {
            throw PumpErrors.invalidValue(field: unknown, value: "present", expected: "no such field")
        }
        return decoded
    }

    static func describe(_ error: DecodingError, at path: String) -> VarlinkError {
        func join(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce(path) { result, key in
                if let index = key.intValue { return "\(result)[\(index)]" }
                return result.isEmpty ? key.stringValue : "\(result).\(key.stringValue)"
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return PumpErrors.invalidValue(field: join(context.codingPath + [key]), value: "missing", expected: "a value")
        case .typeMismatch(let type, let context):
            return PumpErrors.invalidValue(field: join(context.codingPath), value: "wrong type", expected: "\(type)".lowercased())
        case .valueNotFound(let type, let context):
            return PumpErrors.invalidValue(field: join(context.codingPath), value: "null", expected: "\(type)".lowercased())
        case .dataCorrupted(let context):
            return PumpErrors.invalidValue(field: join(context.codingPath), value: "invalid", expected: context.debugDescription)
        @unknown default:
            return PumpErrors.invalidValue(field: path, value: "invalid", expected: "\(error)")
        }
    }

    /// The path of the first member present in `sent` but not in `known` (the decoded value
    /// encoded again); `null` members count as absent.
    static func firstUnknownMember(sent: JSONValue, known: JSONValue, at path: String) -> String? {
        switch (sent, known) {
        case (.object(let sentObject), .object(let knownObject)):
            for (key, value) in sentObject.members where !value.isNull {
                let child = path.isEmpty ? key : "\(path).\(key)"
                guard let knownValue = knownObject[key] else { return child }
                if let unknown = firstUnknownMember(sent: value, known: knownValue, at: child) { return unknown }
            }
        case (.array(let sentItems), .array(let knownItems)):
            for (index, (item, knownItem)) in zip(sentItems, knownItems).enumerated() {
                if let unknown = firstUnknownMember(sent: item, known: knownItem, at: "\(path)[\(index)]") { return unknown }
            }
        default: break
        }
        return nil
    }
}
