import PumpCore
/// The progress of a bolus or priming: delivered and planned volume with a percentage, as a bar
/// that redraws in place on a terminal or as plain lines elsewhere.
public struct ProgressBar: Sendable {
    /// Cells in the bar.
    public var width: Int

    /// A bar `width` cells wide.
    public init(width: Int = 30) { self.width = width }

    /// `[###########...................] 12.5 µL of 25 µL (50 %)`.
    public func bar(delivered: Int64, planned: Int64) -> String {
        let filled = planned > 0 ? Int(Int128(min(max(delivered, 0), planned)) * Int128(width) / Int128(planned)) : width
        return "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "] "
            + amounts(delivered: delivered, planned: planned)
    }

    /// `12.5 µL of 25 µL (50 %)`.
    public func amounts(delivered: Int64, planned: Int64) -> String {
        "\(QuantityFormatter.volume(nanolitres: delivered)) of \(QuantityFormatter.volume(nanolitres: planned)) "
            + "(\(QuantityFormatter.percent(delivered, of: planned)))"
    }

    /// What to write for one progress reply: on a terminal a carriage return, the bar and an
    /// erase-to-end-of-line, so it overwrites the last one; elsewhere one plain line.
    public func update(label: String, delivered: Int64, planned: Int64, onTerminal: Bool) -> String {
        onTerminal
            ? "\r\(label) \(bar(delivered: delivered, planned: planned))\u{1B}[K"
            : "\(label): \(amounts(delivered: delivered, planned: planned))\n"
    }
}
