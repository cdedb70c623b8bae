public import PumpWire
import Varlink

/// One logged event as a line for `watch`: `2026-11-21T08:30:00+01:00  bolus-started  summary  [clinician]`.
public enum EventLine {
    /// Time, kind, summary and (when a caller made it) the caller's role; a critical alarm
    /// raised is highlighted by `palette`.
    public static func text(_ event: WireEvent, palette: Palette = .plain) -> String {
        let line = "\(event.time)  \(event.kind)  \(event.summary)" + (event.caller.map { "  [\($0.role)]" } ?? "")
        return isCriticalAlarm(event) ? palette.critical(line) : line
    }

    /// Whether `event` raised a critical alarm (its detail's `severity`).
    static func isCriticalAlarm(_ event: WireEvent) -> Bool {
        event.kind == "alarmRaised" && (try? JSONValue.parse(event.detail))?["severity"]?.stringValue == "critical"
    }
}
