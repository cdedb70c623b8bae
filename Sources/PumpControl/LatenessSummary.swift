/// Wake lateness of the control loop (actual wake − intended deadline on CLOCK_MONOTONIC), in
/// nanoseconds, over the wakes since the loop started.
public struct LatenessSummary: Hashable, Sendable, CustomStringConvertible {
    public var wakes: UInt64
    public var p50: UInt64
    public var p99: UInt64
    public var max: UInt64

    public init(wakes: UInt64, p50: UInt64, p99: UInt64, max: UInt64) {
        self.wakes = wakes
        self.p50 = p50
        self.p99 = p99
        self.max = max
    }

    public var description: String {
        "\(wakes) wakes, lateness p50 \(p50 / 1000) µs, p99 \(p99 / 1000) µs, max \(max / 1000) µs"
    }
}
