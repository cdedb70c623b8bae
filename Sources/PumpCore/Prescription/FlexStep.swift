/// One step of a daily schedule: from `start` (local time) until the next step's start, the basal
/// dose is delivered at `rate`.
public struct FlexStep: Hashable, Sendable, Codable {
    public var start: TimeOfDay
    public var rate: MassRate

    public init(start: TimeOfDay, rate: MassRate) {
        self.start = start
        self.rate = rate
    }
}
