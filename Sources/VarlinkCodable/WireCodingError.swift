/// A value that does not decode as the wire type it should be, named by its field path
/// (`prescription.basal.flex.everyDay.steps[1].rate`).
///
/// It carries no interface: pumpd answers with it as `io.pumpd.Pump.InvalidValue` (its `field`,
/// `value` and `expected` are that error's parameters); pumpctl words it for whoever wrote the file.
public struct WireCodingError: Error, Hashable, Sendable, CustomStringConvertible {
    /// What is wrong with the field.
    public enum Problem: Hashable, Sendable {
        /// A required member is absent.
        case missing
        /// The member is of another JSON type than the field's.
        case wrongType
        /// The member is `null` where a value is required.
        case null
        /// The member has the right type but a value the field does not take (a malformed time of
        /// day, an unknown weekday or basal kind, a span too long).
        case invalid
        /// A member the type does not have.
        case unknownMember
    }

    /// The dotted, indexed path of the field.
    public let field: String
    public let problem: Problem
    /// What was found, in a word: `missing`, `wrong type`, `null`, `invalid` or `present`.
    public let value: String
    /// What the field takes, e.g. `int64`, or why the value is refused.
    public let expected: String

    /// The problem for people: `drug.concentration has the wrong type (expected int64)`.
    public var description: String {
        let name = field.isEmpty ? "the value" : field
        switch problem {
        case .missing: return "\(name) is missing"
        case .wrongType: return "\(name) has the wrong type (expected \(expected))"
        case .null: return "\(name) is null (expected \(expected))"
        case .invalid: return "\(name) is invalid: \(expected)"
        case .unknownMember: return "\(name) is not a known field"
        }
    }
}
