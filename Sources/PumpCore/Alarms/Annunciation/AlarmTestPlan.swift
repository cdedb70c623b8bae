/// The clinician's alarm test: each priority's pattern once, in turn, on every output.
///
/// high's burst with the red lamp flashing (3.5 s), a 0.5 s gap, medium's burst with the yellow
/// lamp flashing (1 s), a 0.5 s gap, low's pulse with the yellow lamp steady (1 s): 6.5 s in all,
/// 14 buzzer pulses.
public enum AlarmTestPlan {
    struct Segment: Sendable {
        var start: TimeSpan
        var length: TimeSpan
        var pattern: AlarmSignalPattern
        var end: TimeSpan { start + length }
    }

    static let segments: [Segment] = [
        Segment(start: .zero, length: .milliseconds(3_500), pattern: .high),
        Segment(start: .milliseconds(4_000), length: .seconds(1), pattern: .medium),
        Segment(start: .milliseconds(5_500), length: .seconds(1), pattern: .low),
    ]

    /// From the test's start to its end.
    public static let length: TimeSpan = .milliseconds(6_500)

    /// Buzzer pulses in the whole test.
    public static var pulses: Int { segments.reduce(0) { $0 + $1.pattern.pulses.count } }

    /// The outputs `offset` after the test's start (all off outside it).
    public static func levels(at offset: TimeSpan) -> AnnunciatorLevels {
        guard let segment = segments.first(where: { $0.start <= offset && offset < $0.end }) else { return .off }
        let local = offset - segment.start
        var levels = segment.pattern.lamp(lit: segment.pattern.lampLit(at: local))
        levels.buzzer = segment.pattern.sounds(at: local)
        return levels
    }

    /// The first edge strictly after `offset`, or nil once the test is over.
    public static func nextEdge(after offset: TimeSpan) -> TimeSpan? {
        for segment in segments {
            if segment.start > offset { return segment.start }
            guard offset < segment.end else { continue }
            let local = offset - segment.start
            var next = segment.end
            if let edge = segment.pattern.nextBuzzerEdge(after: local) { next = min(next, segment.start + edge) }
            if let edge = segment.pattern.nextLampEdge(after: local) { next = min(next, segment.start + edge) }
            return next
        }
        return nil
    }
}
