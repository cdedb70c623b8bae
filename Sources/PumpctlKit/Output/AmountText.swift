import PumpCore

/// A wire integer in the unit a `ViolationAmount` names, in the units people read
/// (`ng` → `1.5 mg`, `nL` → `2 mL`, `s` → `1 h 30 min`); an unknown unit is shown as sent.
enum AmountText {
    static func format(_ value: Int64, unit: String) -> String {
        switch unit {
        case "ng": QuantityFormatter.mass(nanograms: value)
        case "nL": QuantityFormatter.volume(nanolitres: value)
        case "ng/day": QuantityFormatter.doseRate(nanogramsPerDay: value)
        case "pL/day": QuantityFormatter.flow(picolitresPerDay: value)
        case "µg/mL": QuantityFormatter.concentration(microgramsPerMillilitre: value)
        case "pL": QuantityFormatter.stepVolume(picolitres: value)
        case "s": TimeSpan.seconds(value).readable
        case "ns": TimeSpan.nanoseconds(value).readable
        case "count": "\(value)"
        default: "\(value) \(unit)"
        }
    }
}
