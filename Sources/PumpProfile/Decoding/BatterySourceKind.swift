/// `battery.source` as written.
enum BatterySourceKind: String, CaseIterable {
    case simulated
    case powerSupply = "power_supply"
    case iio
}
