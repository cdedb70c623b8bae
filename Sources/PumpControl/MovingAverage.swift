/// The mean of the last `count` samples, in fixed storage (recording never allocates). Battery
/// practice: report a mean of 10 readings.
public struct MovingAverage: Sendable {
    private var samples: [Int64]
    private var next = 0
    public private(set) var filled = 0

    public init(count: Int) {
        precondition(count >= 1)
        samples = [Int64](repeating: 0, count: count)
    }

    public mutating func record(_ value: Int64) {
        samples[next] = value
        next = (next + 1) % samples.count
        filled = min(filled + 1, samples.count)
    }

    /// The mean once the window is full (nil before), rounded toward zero.
    public var mean: Int64? {
        guard filled == samples.count else { return nil }
        return samples.reduce(0, +) / Int64(samples.count)
    }
}
