public import PumpCore

/// Flow rates as people write them: bench rates in mL/h, intrathecal rates in mL/day.
public enum RateText {
    /// `10 mL/h`, `0.25 mL/day`: mL/h from 1 mL/h up, mL/day below, with at most `decimals`
    /// places and no trailing zeros (exact, rounded half away from zero at the last place).
    public static func describe(_ rate: VolumeRate, decimals: Int = 4) -> String {
        let perHour = Int128(24_000_000_000)  // pL/day in 1 mL/h
        let perDay = Int128(1_000_000_000)  // pL/day in 1 mL/day
        let value = Int128(rate.picolitresPerDay)
        let (denominator, unit) = value.magnitude >= perHour.magnitude ? (perHour, "mL/h") : (perDay, "mL/day")
        return "\(trimmed(ExactDecimalText.ratio(value, denominator, decimals: decimals))) \(unit)"
    }

    /// `10.000` → `10`, `0.2500` → `0.25`.
    static func trimmed(_ text: String) -> String {
        guard text.contains(".") else { return text }
        var result = Substring(text)
        while result.last == "0" { result = result.dropLast() }
        if result.last == "." { result = result.dropLast() }
        return String(result)
    }
}
