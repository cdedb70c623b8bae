import PumpCore

/// Places the pump's wall-clock times on the scenario's timeline, through the wall-clock steps
/// the scenario made: wall = start + t + (the steps made by t).
///
/// A wall-clock time alone cannot be placed after a backward step: the same wall time occurs
/// before and after it. The event log's order can: the map notes the last event logged before
/// each step, and an event belongs to the steps logged before it.
struct WallClockMap {
    struct Segment {
        /// Where it starts on the scenario's timeline.
        var from: Int64
        /// The total step, s, from then on.
        var offset: Int64
        /// The sequence number of the last event logged before it began.
        var after: Int64
    }

    let start: CivilTime
    /// In order; the first has no step.
    private(set) var segments: [Segment] = [Segment(from: 0, offset: 0, after: .min)]

    init(start: CivilTime) { self.start = start }

    /// The wall clock was stepped by `seconds` at `t`, after the event numbered `lastSequence`
    /// (nil: none yet) was logged.
    mutating func stepped(by seconds: Int64, at t: Int64, after lastSequence: Int64?) {
        segments.append(Segment(from: t, offset: (segments.last?.offset ?? 0) + seconds, after: lastSequence ?? .min))
    }

    /// The scenario time of the event numbered `sequence` logged at the wall-clock time `wall`;
    /// nil if it was before the scenario began.
    func t(of wall: CivilTime, sequence: Int64) -> Int64? {
        let segment = segments.last { $0.after < sequence } ?? segments[0]
        let nanoseconds = (wall - start).nanoseconds
        // Whole seconds, rounded down (a time just before the start is before it, not at 0).
        let seconds = nanoseconds / 1_000_000_000 - (nanoseconds % 1_000_000_000 < 0 ? 1 : 0)
        let t = seconds - segment.offset
        return t >= 0 ? t : nil
    }
}
