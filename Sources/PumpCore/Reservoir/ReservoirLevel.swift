/// Where the accounted reservoir volume stands against the programmed and rig thresholds.
public enum ReservoirLevel: String, Hashable, Sendable, Codable {
    case normal
    /// At or below the prescription's low-reservoir volume: non-critical alarm, delivery continues.
    case low
    /// At or below the rig's empty threshold: critical alarm, delivery stops.
    case empty

    public static func of(remaining: Volume, lowAlarm: Volume, emptyThreshold: Volume) -> ReservoirLevel {
        if remaining <= emptyThreshold { return .empty }
        if remaining <= lowAlarm { return .low }
        return .normal
    }
}
