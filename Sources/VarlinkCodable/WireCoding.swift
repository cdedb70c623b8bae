#if canImport(FoundationEssentials)
// JSONEncoder and JSONDecoder without the rest of Foundation (and its ICU), so pumpctl stays light.
import FoundationEssentials
#else
import Foundation
#endif
public import Varlink

/// Converts between Varlink's JSON values and Codable types (the core's prescriptions, the wire
/// structures), turning every decoding problem into a `WireCodingError` that names the field.
///
/// pumpd decodes what it is sent with it and pumpctl checks and reads prescriptions with it, so
/// both read the one wire form the core's Codable conformances define.
public enum WireCoding {
    /// `value` as JSON (nil fields omitted), its members in sorted order: the same value is the
    /// same bytes on every call, so replies can be compared and recorded exactly. Built directly
    /// (`JSONValueEncoder`): the value JSONEncoder with `.sortedKeys` wrote and parsing read back.
    public static func encode(_ value: some Encodable) -> JSONValue {
        // The wire types hold integers, strings and bools only: encoding cannot fail.
        try! JSONValueEncoder.encode(value)
    }

    /// Decodes `value` (the field at `path`; empty at the top) as `T`. Unless told otherwise it
    /// rejects members `T` does not have, so a misspelt optional field is an error rather than
    /// silently ignored; a reader of replies lets them pass, so a newer sender's additions do not
    /// break it.
    public static func decode<T: Codable>(
        _ type: T.Type, from value: JSONValue, at path: String, rejectingUnknownMembers: Bool = true
    ) throws(WireCodingError) -> T {
        let decoded: T
        do {
            decoded = try JSONDecoder().decode(T.self, from: Data(value.serialized()))
        } catch let error as DecodingError {
            // Every number on the wire is a whole count of a unit; a fraction is the likely cause,
            // and Foundation reports it without a path ("not valid JSON"): name the field here.
            if let fraction = firstFraction(in: value, at: path) {
                throw WireCodingError(
                    field: fraction.path, problem: .wrongType, value: fraction.text,
                    expected: "an integer: the wire counts whole units (ng, nL, ng/day, µg/mL, s), so a fraction needs a smaller unit")
            }
            throw describe(error, at: path)
        } catch {
            throw WireCodingError(field: path, problem: .invalid, value: "\(value)", expected: "\(error)")
        }
        if rejectingUnknownMembers, let unknown = firstUnknownMember(sent: value, known: encode(decoded), at: path) {
            throw WireCodingError(field: unknown, problem: .unknownMember, value: "present", expected: "no such field")
        }
        return decoded
    }

    static func describe(_ error: DecodingError, at path: String) -> WireCodingError {
        func join(_ codingPath: [any CodingKey]) -> String {
            codingPath.reduce(path) { result, key in
                if let index = key.intValue { return "\(result)[\(index)]" }
                return result.isEmpty ? key.stringValue : "\(result).\(key.stringValue)"
            }
        }
        switch error {
        case .keyNotFound(let key, let context):
            return WireCodingError(field: join(context.codingPath + [key]), problem: .missing, value: "missing", expected: "a value")
        case .typeMismatch(let type, let context):
            return WireCodingError(field: join(context.codingPath), problem: .wrongType, value: "wrong type", expected: "\(type)".lowercased())
        case .valueNotFound(let type, let context):
            return WireCodingError(field: join(context.codingPath), problem: .null, value: "null", expected: "\(type)".lowercased())
        case .dataCorrupted(let context):
            return WireCodingError(field: join(context.codingPath), problem: .invalid, value: "invalid", expected: context.debugDescription)
        @unknown default:
            return WireCodingError(field: path, problem: .invalid, value: "invalid", expected: "\(error)")
        }
    }

    /// The path and text of the first number with a fraction in `value`, in the order sent.
    static func firstFraction(in value: JSONValue, at path: String) -> (path: String, text: String)? {
        switch value {
        case .double(let number) where number.rounded() != number || !number.isFinite: return (path, "\(number)")
        case .object(let object):
            for (key, member) in object.members {
                if let found = firstFraction(in: member, at: path.isEmpty ? key : "\(path).\(key)") { return found }
            }
        case .array(let items):
            for (index, item) in items.enumerated() {
                if let found = firstFraction(in: item, at: "\(path)[\(index)]") { return found }
            }
        default: break
        }
        return nil
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
