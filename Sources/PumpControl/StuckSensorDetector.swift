/// Flags a channel whose readings stopped changing: real converters always show some noise in
/// the last bits, so `limit` identical readings in a row mean a frozen driver, a disconnected
/// input held at a rail, or a stale file. A limit of zero disables the check.
public struct StuckSensorDetector: Sendable {
    public let limit: Int
    private var last: Int64?
    public private(set) var repeats = 0

    public init(limit: Int) { self.limit = limit }

    /// Feeds one reading; true when the channel counts as stuck.
    public mutating func observe(_ value: Int64) -> Bool {
        repeats = value == last ? repeats + 1 : 0
        last = value
        return limit > 0 && repeats >= limit
    }
}
