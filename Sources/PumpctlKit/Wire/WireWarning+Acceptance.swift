public import PumpCore
public import PumpWire

/// How pumpctl asks for a warning to be accepted; a pumpd that replies without `warnings` has none.
extension WireWarning {
    /// The core's code, nil for a code this pumpctl does not know (a newer pumpd's).
    public var knownCode: ProgrammingWarning.Code? { ProgrammingWarning.Code(rawValue: code) }

    /// Accepting it needs the new daily dose typed back (an order-of-magnitude change).
    public var asksForTypeBack: Bool { knownCode?.asksForTypeBack ?? false }

    /// Accepting it needs an override reason (a drug-library soft limit).
    public var needsOverrideReason: Bool { knownCode?.needsOverrideReason ?? code.hasPrefix("soft-limit-") }
}
