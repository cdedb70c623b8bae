/// Prints wire integers back in units people read (`500 µg`, `18.25 mL`, `1 h 20 min`): the one
/// formatter of pumpd's messages, pumpctl's views and pump-hil's reports, so a value reads the same
/// everywhere.
///
/// The rule, for every kind:
/// - exact: the decimal is the wire integer scaled by a power of ten, trailing zeros dropped, never
///   rounded, so what is shown is what the daemon holds and parses back to the same integer;
/// - one space between number and unit; a leading `-` for negative differences;
/// - the unit is the largest of the kind's ladder that the magnitude reaches (ng → µg → mg with
///   µg kept up to 10 mg, as intrathecal doses are prescribed in µg; nL → µL → mL; pL/day → nL/day
///   → µL/day → mL/day → mL/h), so the same value always picks the same unit.
///
/// Durations a person reads use `TimeSpan.readable`; `duration(seconds:)` is for whole-second
/// prescription spans, which it shows in full.
public enum QuantityFormatter {
    /// ng as ng below 1 µg, µg below 10 mg, mg from there: `250 ng`, `500 µg`, `1200 µg`, `25 mg`.
    public static func mass(nanograms: Int64) -> String {
        let size = nanograms.magnitude
        if size < 1_000 { return "\(nanograms) ng" }
        if size < 10_000_000 { return "\(decimal(nanograms, decimals: 3)) µg" }
        return "\(decimal(nanograms, decimals: 6)) mg"
    }

    /// nL as nL below 1 µL, µL below 1 mL, mL from there: `250 nL`, `1.5 µL`, `18.25 mL`.
    public static func volume(nanolitres: Int64) -> String {
        let size = nanolitres.magnitude
        if size < 1_000 { return "\(nanolitres) nL" }
        if size < 1_000_000 { return "\(decimal(nanolitres, decimals: 3)) µL" }
        return "\(decimal(nanolitres, decimals: 6)) mL"
    }

    /// A step volume in pL, shown in nL: `250 nL`, `287.5 nL`.
    public static func stepVolume(picolitres: Int64) -> String { "\(decimal(picolitres, decimals: 3)) nL" }

    /// µg/mL as written on the drug's label: `2000 µg/mL`.
    public static func concentration(microgramsPerMillilitre: Int64) -> String { "\(microgramsPerMillilitre) µg/mL" }

    /// ng/day as a mass per day: `500 µg/day`.
    public static func doseRate(nanogramsPerDay: Int64) -> String { "\(mass(nanograms: nanogramsPerDay))/day" }

    /// pL/day as a volume per day up to 1 mL/h, `250 µL/day`, `5.5 nL/day`, `0.25 mL/day`
    /// (intrathecal rates); from 1 mL/h on (bench rates) in mL/h, `10 mL/h`, when that decimal
    /// ends (always for a rate written in mL/h), else in mL/day.
    public static func flow(picolitresPerDay: Int64) -> String {
        let size = picolitresPerDay.magnitude
        if size < 1_000 { return "\(picolitresPerDay) pL/day" }
        if size < 1_000_000 { return "\(decimal(picolitresPerDay, decimals: 3)) nL/day" }
        if size < 1_000_000_000 { return "\(decimal(picolitresPerDay, decimals: 6)) µL/day" }
        // 1 mL/h is 24·10⁹ pL/day = 3 · 8·10⁹: a multiple of 3 is a decimal of at most 12 places.
        if size >= 24_000_000_000 && picolitresPerDay % 3 == 0 {
            return "\(decimal(Int128(picolitresPerDay / 3) * 125, decimals: 12)) mL/h"
        }
        return "\(decimal(picolitresPerDay, decimals: 9)) mL/day"
    }

    /// Seconds as days, hours, minutes and seconds, zero parts left out: `1 h 20 min`, `45 s`.
    public static func duration(seconds: Int64) -> String {
        if seconds == 0 { return "0 s" }
        let sign = seconds < 0 ? "-" : ""
        var rest = seconds.magnitude
        var parts: [String] = []
        for (size, unit) in [(UInt64(86_400), "d"), (3_600, "h"), (60, "min"), (1, "s")] where rest >= size {
            parts.append("\(rest / size) \(unit)")
            rest %= size
        }
        return sign + parts.joined(separator: " ")
    }

    /// A prescribed span in full: whole seconds as `duration(seconds:)` (`1 h 20 min 30 s`),
    /// a span with a fraction of a second as `TimeSpan.readable`.
    public static func duration(_ span: TimeSpan) -> String {
        span.nanoseconds % 1_000_000_000 == 0 ? duration(seconds: span.nanoseconds / 1_000_000_000) : span.readable
    }

    /// A ratio as a whole percentage, rounded down so that "100 %" means done: `48 %`.
    public static func percent(_ part: Int64, of whole: Int64) -> String {
        guard whole > 0 else { return "—" }
        let value = Int128(max(part, 0)) * 100 / Int128(whole)
        return "\(value) %"
    }

    /// `value / 10^decimals` exactly, without trailing zeros: (1500, 3) is `1.5`.
    public static func decimal(_ value: Int64, decimals: Int) -> String { decimal(Int128(value), decimals: decimals) }

    static func decimal(_ value: Int128, decimals: Int) -> String {
        var unit: UInt128 = 1
        for _ in 0..<decimals { unit *= 10 }
        let size = value.magnitude
        let whole = size / unit
        var fraction = String(size % unit)
        fraction = String(repeating: "0", count: decimals - fraction.count) + fraction
        while fraction.hasSuffix("0") { fraction.removeLast() }
        let sign = value < 0 ? "-" : ""
        return fraction.isEmpty ? "\(sign)\(whole)" : "\(sign)\(whole).\(fraction)"
    }
}
