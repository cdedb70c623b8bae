public import PumpWire

/// The warnings of a review as lines: each with its code, the field it is about, pumpd's message
/// and the numbers behind it (`new 1.5 mg, compared with 500 µg`), and what accepting it takes.
public struct WarningList: Sendable {
    public var warnings: [WireWarning]
    /// How the warnings are highlighted.
    public var palette: Palette

    public init(_ warnings: [WireWarning], palette: Palette = .plain) {
        self.warnings = warnings
        self.palette = palette
    }

    /// `warnings (N, each must be accepted):` and two lines per warning; nothing when there are none.
    public var lines: [String] {
        guard !warnings.isEmpty else { return [] }
        var lines = ["warnings (\(warnings.count); each must be accepted to commit):"]
        for warning in warnings {
            lines.append(palette.critical("  ! \(warning.code) at \(warning.field): \(warning.message)"))
            var details: [String] = []
            if let amount = warning.amount {
                details.append("new \(AmountText.format(amount.actual, unit: amount.unit)), compared with \(AmountText.format(amount.limit, unit: amount.unit))")
            }
            if warning.needsOverrideReason { details.append("accepting needs --override-reason") }
            if warning.asksForTypeBack { details.append("accepting needs the new daily dose typed back") }
            if !details.isEmpty { lines.append("      " + details.joined(separator: "; ")) }
        }
        return lines
    }
}
