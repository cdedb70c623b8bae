/// Decides from line-pressure samples whether the outlet is occluded: `confirmSamples`
/// consecutive samples at or above the threshold confirm an occlusion (one noisy sample does not
/// stop therapy); as many consecutive samples below it confirm it cleared.
///
/// Pure value type; the control loop feeds it one sample per poll.
public struct OcclusionDetector: Sendable {
    public let thresholdPascals: Int64
    public let confirmSamples: Int
    public private(set) var occluded = false
    private var run = 0

    public init(thresholdPascals: Int64, confirmSamples: Int) {
        self.init(thresholdPascals: thresholdPascals, confirmSamples: confirmSamples, occluded: false)
    }

    private init(thresholdPascals: Int64, confirmSamples: Int, occluded: Bool) {
        precondition(confirmSamples >= 1)
        self.thresholdPascals = thresholdPascals
        self.confirmSamples = confirmSamples
        self.occluded = occluded
    }

    /// The same detector judging by a new threshold and count from the next sample on. What it
    /// has confirmed stays (an occluded line stays occluded until `confirmSamples` samples below
    /// the new threshold clear it); the run of samples counted towards a change starts over.
    public func retuned(thresholdPascals: Int64, confirmSamples: Int) -> OcclusionDetector {
        OcclusionDetector(thresholdPascals: thresholdPascals, confirmSamples: confirmSamples, occluded: occluded)
    }

    public enum Change: Equatable, Sendable { case none, occluded, cleared }

    /// Feeds one sample; returns the change it confirms, if any.
    public mutating func observe(pascals: Int64) -> Change {
        let high = pascals >= thresholdPascals
        if high == occluded { run = 0; return .none }
        run += 1
        guard run >= confirmSamples else { return .none }
        run = 0
        occluded = high
        return high ? .occluded : .cleared
    }
}
