import PumpCore
public import PumpWire

/// The event log and the hourly deliveries as text tables or RFC 4180 CSV.
///
/// CSV carries the wire integers with the unit in the column name (`volume_nl`, `mass_ng`), so a
/// spreadsheet sums them exactly.
public struct HistoryReport: Sendable {
    public var events: [WireEvent]
    public var hours: [WireHourlyDelivery]

    /// A report of GetHistory's `events` and `hours`.
    public init(events: [WireEvent], hours: [WireHourlyDelivery]) {
        self.events = events
        self.hours = hours
    }

    /// The events as a table: sequence, time, kind, who, summary.
    public var eventLines: [String] {
        guard !events.isEmpty else { return ["no events"] }
        return TextTable(
            header: ["#", "time", "kind", "by", "summary"],
            rows: events.map { ["\($0.sequence)", $0.time, $0.kind, $0.caller?.role ?? "—", $0.summary] }
        ).lines
    }

    /// The hours as a table, with a total line.
    public var hourLines: [String] {
        guard !hours.isEmpty else { return ["no deliveries"] }
        let volume = hours.reduce(Int64(0)) { $0 + $1.volume }
        let mass = hours.reduce(Int64(0)) { $0 + $1.mass }
        return TextTable(
            header: ["hour", "volume", "drug"],
            rows: hours.map { [$0.hour, QuantityFormatter.volume(nanolitres: $0.volume), QuantityFormatter.mass(nanograms: $0.mass)] }
                + [["total", QuantityFormatter.volume(nanolitres: volume), QuantityFormatter.mass(nanograms: mass)]]
        ).lines
    }

    /// The events as CSV; `detail` is the event's JSON text, the caller split into its fields.
    public var eventsCSV: String {
        CSVTable(
            header: ["sequence", "time", "kind", "summary", "detail", "caller_uid", "caller_pid", "caller_role"],
            rows: events.map { event in
                [
                    "\(event.sequence)", event.time, event.kind, event.summary, event.detail,
                    event.caller.map { "\($0.uid)" } ?? "", event.caller.map { "\($0.pid)" } ?? "", event.caller?.role ?? "",
                ]
            }
        ).text
    }

    /// The hours as CSV in wire units.
    public var hoursCSV: String {
        CSVTable(header: ["hour", "volume_nl", "mass_ng"], rows: hours.map { [$0.hour, "\($0.volume)", "\($0.mass)"] }).text
    }
}
