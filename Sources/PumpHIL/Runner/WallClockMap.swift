import PumpCore

/// Places the pump's wall-clock times on the scenario's timeline, through the wall-clock steps
/// the scenario made: wall = start + t + (the steps made by t).
struct WallClockMap {
    let start: CivilTime
    /// (from t, total step in seconds from then on), in order.
    private(set) var segments: [(from: Int64, offset: Int64)] = [(0, 0)]

    init(start: CivilTime) { self.start = start }

    mutating func stepped(by seconds: Int64, at t: Int64) {
        segments.append((t, (segments.last?.offset ?? 0) + seconds))
    }

    /// The scenario time of a wall-clock reading: the latest segment that can hold it; nil if
    /// none can (a time before the scenario began).
    func t(of wall: CivilTime) -> Int64? {
        let seconds = (wall - start).nanoseconds / 1_000_000_000
        for (index, segment) in segments.enumerated().reversed() {
            let t = seconds - segment.offset
            let end = index + 1 < segments.count ? segments[index + 1].from : Int64.max
            if t >= segment.from && t <= end { return t }
        }
        return nil
    }
}
