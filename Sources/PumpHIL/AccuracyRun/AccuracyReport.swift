import PumpCore

/// The trumpet curve as a terminal table: each window's extremes beside the quantisation limit.
public enum AccuracyReport {
    public static func table(_ curve: TrumpetCurve, rig: String) -> String {
        var lines = [
            "trumpet curve: \(QuantityFormatter.flow(picolitresPerDay: curve.rate.picolitresPerDay)), \(rig); second hour, 30 s samples; limit: \(curve.quantisation)",
            "  window   Ep max      Ep min      limit (±)   within",
        ]
        func cell(_ text: String) -> String { text.count >= 11 ? text + " " : text + String(repeating: " ", count: 12 - text.count) }
        for point in curve.points {
            let minutes = "\(point.window.nanoseconds / 60_000_000_000) min"
            lines.append(
                "  " + minutes + String(repeating: " ", count: max(9 - minutes.count, 1)) + cell(point.maximum.percentText(decimals: 3) + " %")
                    + cell(point.minimum.percentText(decimals: 3) + " %") + cell(point.quantisationLimit.percentText(decimals: 3) + " %")
                    + (point.withinQuantisationLimit ? "yes" : "NO"))
        }
        lines.append("  overall  " + cell(curve.overall.percentText(decimals: 3) + " %") + String(repeating: " ", count: 12)
            + cell(curve.overallQuantisationLimit.percentText(decimals: 3) + " %") + (curve.overallWithinQuantisationLimit ? "yes" : "NO"))
        lines.append(curve.withinQuantisationLimit ? "every window within what one step explains" : "OUTSIDE the quantisation limit")
        return lines.joined(separator: "\n")
    }
}
