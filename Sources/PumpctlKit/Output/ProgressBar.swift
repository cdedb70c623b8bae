public import PumpCore
public import PumpWire

/// The progress of a bolus or priming: for a bolus the drug dose delivered of planned, the volume
/// with a percentage, and the time left, as a bar that redraws in place on a terminal or as plain
/// lines elsewhere.
public struct ProgressBar: Sendable {
    /// Cells in the bar.
    public var width: Int

    /// A bar `width` cells wide.
    public init(width: Int = 30) { self.width = width }

    /// `[###########...................] 12.5 µL of 25 µL (50 %)`.
    public func bar(delivered: Int64, planned: Int64) -> String {
        bar(WireTask(kind: "", planned: planned, delivered: delivered))
    }

    /// `[#####.....] 25 µg of 50 µg (12.5 µL of 25 µL, 50 %), 5 min left`.
    public func bar(_ task: WireTask) -> String {
        let (delivered, planned) = (task.delivered, task.planned)
        let filled = planned > 0 ? Int(Int128(min(max(delivered, 0), planned)) * Int128(width) / Int128(planned)) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] " + amounts(task)
    }

    /// `12.5 µL of 25 µL (50 %)`.
    public func amounts(delivered: Int64, planned: Int64) -> String {
        amounts(WireTask(kind: "", planned: planned, delivered: delivered))
    }

    /// The dose (when pumpd sends it) and volume delivered of planned, and the time left (when
    /// pumpd sends it and some is left): `25 µg of 50 µg (12.5 µL of 25 µL, 50 %), 5 min left`.
    public func amounts(_ task: WireTask) -> String {
        let volume = "\(QuantityFormatter.volume(nanolitres: task.delivered)) of \(QuantityFormatter.volume(nanolitres: task.planned))"
        let percent = QuantityFormatter.percent(task.delivered, of: task.planned)
        var text = if let dose = task.dose, let doseDelivered = task.doseDelivered {
            "\(QuantityFormatter.mass(nanograms: doseDelivered)) of \(QuantityFormatter.mass(nanograms: dose)) (\(volume), \(percent))"
        } else {
            "\(volume) (\(percent))"
        }
        if let remaining = task.remaining, remaining > 0 { text += ", \(TimeSpan.seconds(min(remaining, 9_000_000_000)).readable) left" }
        return text
    }

    /// What to write for one progress reply: on a terminal a carriage return, the bar and an
    /// erase-to-end-of-line, so it overwrites the last one; elsewhere one plain line.
    public func update(label: String, _ task: WireTask, onTerminal: Bool) -> String {
        onTerminal ? "\r\(label) \(bar(task))\u{1B}[K" : "\(label): \(amounts(task))\n"
    }

    /// `update` for a task known only by its volumes.
    public func update(label: String, delivered: Int64, planned: Int64, onTerminal: Bool) -> String {
        update(label: label, WireTask(kind: "", planned: planned, delivered: delivered), onTerminal: onTerminal)
    }
}
