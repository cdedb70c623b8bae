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

extension [WireWarning] {
    /// The options that accept these warnings, each code once: `--accept a,b`, and
    /// `--override-reason TEXT` / `--confirm-daily-dose DOSE` when a warning needs them.
    public var acceptingOptions: String {
        var codes: [String] = []
        for warning in self where !codes.contains(warning.code) { codes.append(warning.code) }
        var options = "--accept \(codes.joined(separator: ","))"
        if contains(where: \.needsOverrideReason) { options += " --override-reason TEXT" }
        if contains(where: \.asksForTypeBack) { options += " --confirm-daily-dose DOSE" }
        return options
    }
}
