public import PumpWire

/// Active alarms, each with its evidence and what clears it, and the alarm history as a table.
public struct AlarmReport: Sendable {
    public var active: [WireAlarm]
    public var history: [WireAlarmRecord]

    /// A report of GetAlarms' `active` and `history`.
    public init(active: [WireAlarm], history: [WireAlarmRecord]) {
        self.active = active
        self.history = history
    }

    /// The active alarms (each with evidence and clear condition), then the history table.
    public var lines: [String] {
        var lines: [String] = []
        if active.isEmpty {
            lines.append("no active alarms")
        } else {
            lines.append("active alarms:")
            for alarm in active {
                lines.append("  \(alarm.kind) (\(alarm.severityText)), raised \(alarm.raisedAt): \(alarm.stateText)")
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
