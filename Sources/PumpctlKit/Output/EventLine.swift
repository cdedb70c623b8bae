public import PumpWire

/// One logged event as a line for `watch`: `2026-11-21T08:30:00+01:00  bolus-started  summary  [clinician]`.
public enum EventLine {
    /// Time, kind, summary and (when a caller made it) the caller's role.
    public static func text(_ event: WireEvent) -> String {
        "\(event.time)  \(event.kind)  \(event.summary)" + (event.caller.map { "  [\($0.role)]" } ?? "")
    }
}
