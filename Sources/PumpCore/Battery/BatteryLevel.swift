/// Where the battery stands against its thresholds.
public enum BatteryLevel: String, Hashable, Sendable, Codable {
    case good
    /// Elective replacement indicator: schedule a replacement.
    case electiveReplacement = "eri"
    /// End of service: delivery stops.
    case endOfService = "eos"
}
