public import PumpCore
public import PumpWire

/// io.pumpd.Pump's `Warning`: something the clinician must accept before a program, refill or
/// first fill is committed (`code` stable, `field` a path into the request as sent, `message` for
/// people, `amount` the numbers behind it as wire integers).
///
/// pumpctl's reading of the issue-11 contract; a pumpd that replies without `warnings` has none.
public struct ReviewWarning: Codable, Sendable, Hashable {
    public var code: String
    public var field: String
    public var message: String
    public var amount: WireViolationAmount?

    public init(code: String, field: String, message: String, amount: WireViolationAmount? = nil) {
        self.code = code
        self.field = field
        self.message = message
        self.amount = amount
    }

    /// The core's code, nil for a code this pumpctl does not know (a newer pumpd's).
    public var knownCode: ProgrammingWarning.Code? { ProgrammingWarning.Code(rawValue: code) }

    /// Accepting it needs the new daily dose typed back (an order-of-magnitude change).
    public var asksForTypeBack: Bool { knownCode?.asksForTypeBack ?? false }

    /// Accepting it needs an override reason (a drug-library soft limit).
    public var needsOverrideReason: Bool { knownCode?.needsOverrideReason ?? code.hasPrefix("soft-limit-") }
}
