public import PumpWire

/// Active alarms, each with its evidence and what clears it, and the alarm history as a table.
public struct AlarmReport: Sendable {
    public var active: [WireAlarm]
    public var history: [WireAlarmRecord]
    /// How critical alarms are highlighted.
    public var palette: Palette

    /// A report of GetAlarms' `active` and `history`.
    public init(active: [WireAlarm], history: [WireAlarmRecord], palette: Palette = .plain) {
        self.active = active
        self.history = history
        self.palette = palette
    }

    /// The active alarms (each with evidence and clear condition), then the history table.
    public var lines: [String] {
        var lines: [String] = []
        if active.isEmpty {
            lines.append("no active alarms")
        } else {
            lines.append("active alarms:")
            for alarm in active {
                let line = "  \(alarm.kind) (\(alarm.severityText)), raised \(alarm.raisedAt): \(alarm.stateText)"
                lines.append(alarm.severity == "critical" ? palette.critical(line) : line)
                lines.append("      evidence: \(alarm.evidence)")
                lines.append("      clears when: \(alarm.clearCondition)")
            }
        }
        if history.isEmpty {
            lines.append("no alarms in the history")
        } else {
            lines.append("history:")
            let table = TextTable(
                header: ["raised", "kind", "severity", "cleared", "acknowledged", "by", "evidence"],
                rows: history.map { record in
                    [
                        record.raisedAt, record.kind, record.severity.replacingUnderscores, record.clearedAt ?? "—",
                        record.acknowledgedAt ?? "—", record.acknowledgedBy?.role ?? "—", record.evidence,
                    ]
                })
            lines += table.lines.map { "  " + $0 }
        }
        return lines
    }
}
