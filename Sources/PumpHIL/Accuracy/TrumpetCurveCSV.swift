import PumpBalance
import PumpCore

/// The trumpet curve as a CSV table (RFC 4180, see `CSVTable`): one row per observation window,
/// then one row for the overall error.
///
/// Columns:
/// - `rig`: the rig's name, as given;
/// - `set_rate_ul_per_h`: the set rate in µL/h;
/// - `step_nl`: the step volume in nL;
/// - `kind`: `window` for an observation window, `overall` for the overall error A;
/// - `window_min`: P in minutes (for `overall`, the analysis period T2);
/// - `ep_max_percent`, `ep_min_percent`: Ep(max) and Ep(min) (both A for `overall`);
/// - `quantisation_limit_percent`: the limit (the band is ± this);
/// - `within_limit`: `true` or `false`.
///
/// Numbers are decimal text with a point, rounded half away from zero from the exact values;
/// percentages have an explicit sign.
public enum TrumpetCurveCSV {
    public static let header = [
        "rig", "set_rate_ul_per_h", "step_nl", "kind", "window_min", "ep_max_percent", "ep_min_percent",
        "quantisation_limit_percent", "within_limit",
    ]

    /// The table of `curve`, measured on `rig`, with `decimals` places for percentages.
    public static func table(for curve: TrumpetCurve, rig: String, decimals: Int = 4) -> CSVTable {
        let rate = ExactDecimalText.ratio(Int128(curve.rate.picolitresPerDay), 24_000_000, decimals: 3)
        let step = QuantityFormatter.decimal(curve.quantisation.stepVolume.picolitres, decimals: 3)
        var table = CSVTable(header: header)
        for point in curve.points {
            table.append([
                rig, rate, step, "window", minutes(point.window.nanoseconds), point.maximum.percentText(decimals: decimals),
                point.minimum.percentText(decimals: decimals), point.quantisationLimit.percentText(decimals: decimals).trimmingPlus,
                String(point.withinQuantisationLimit),
            ])
        }
        let overall = curve.overall.percentText(decimals: decimals)
        table.append([
            rig, rate, step, "overall", minutes(curve.configuration.analysisDuration.nanoseconds), overall, overall,
            curve.overallQuantisationLimit.percentText(decimals: decimals).trimmingPlus, String(curve.overallWithinQuantisationLimit),
        ])
        return table
    }

    /// The CSV text of `table(for:rig:decimals:)`.
    public static func text(for curve: TrumpetCurve, rig: String, decimals: Int = 4) -> String {
        table(for: curve, rig: rig, decimals: decimals).text
    }

    /// Whole minutes as `2`, fractions as `0.5`.
    static func minutes(_ nanoseconds: Int64) -> String {
        ExactDecimalText.trimmed(ExactDecimalText.ratio(Int128(nanoseconds), 60_000_000_000, decimals: 6))
    }
}

extension String {
    /// A limit is a magnitude: written without the `+` a deviation carries.
    fileprivate var trimmingPlus: String { hasPrefix("+") ? String(dropFirst()) : self }
}
