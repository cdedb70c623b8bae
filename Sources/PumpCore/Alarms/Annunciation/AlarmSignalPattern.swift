/// The sound and light of one alarm priority, after IEC 60601-1-8's shapes. Pure arithmetic on
/// offsets from the pattern's start; `AlarmAnnunciator` places it in time.
///
/// - high: a burst of 10 pulses, 3 + 2, a pause, 3 + 2 (150 ms pulses every 250 ms, a skipped slot
///   inside each half, 0.75 s between the halves): 3.4 s of sound, like SynchroMed's 3-second
///   critical tone, repeating at the high re-alert interval; the red lamp flashes at 2 Hz (250 ms on).
/// - medium: a burst of 3 pulses (200 ms every 325 ms, 0.85 s), repeating at the medium re-alert
///   interval; the yellow lamp flashes at 0.5 Hz (1 s on, 1 s off).
/// - low: one 250 ms pulse, once (or at the low re-alert interval when one is set); the yellow lamp
///   lit steadily.
public struct AlarmSignalPattern: Sendable {
    /// One buzzer pulse: its start from the burst's start, and how long it sounds.
    public struct Pulse: Hashable, Sendable {
        public var start: TimeSpan
        public var length: TimeSpan
        public var end: TimeSpan { start + length }
    }

    public let priority: AlarmPriority
    /// The burst's pulses, in order, none overlapping.
    public let pulses: [Pulse]
    /// The lamp's flash period and lit time within it; nil for a steady lamp.
    public let flash: (period: TimeSpan, lit: TimeSpan)?

    /// The pattern for `priority`.
    public static func of(_ priority: AlarmPriority) -> AlarmSignalPattern {
        switch priority {
        case .high: high
        case .medium: medium
        case .low: low
        }
    }

    public static let high = AlarmSignalPattern(
        priority: .high,
        pulses: [0, 250, 500, 1_000, 1_250, 2_000, 2_250, 2_500, 3_000, 3_250].map { Pulse(start: .milliseconds($0), length: .milliseconds(150)) },
        flash: (.milliseconds(500), .milliseconds(250)))
    public static let medium = AlarmSignalPattern(
        priority: .medium, pulses: [0, 325, 650].map { Pulse(start: .milliseconds($0), length: .milliseconds(200)) },
        flash: (.seconds(2), .seconds(1)))
    public static let low = AlarmSignalPattern(priority: .low, pulses: [Pulse(start: .zero, length: .milliseconds(250))], flash: nil)

    /// How long one burst sounds, from its first pulse's start to its last pulse's end.
    public var burstLength: TimeSpan { pulses.last?.end ?? .zero }

    /// The lamp this priority lights.
    public func lamp(lit: Bool) -> AnnunciatorLevels {
        priority == .high ? AnnunciatorLevels(red: lit) : AnnunciatorLevels(yellow: lit)
    }

    /// Whether the buzzer sounds `offset` after a burst's start (offset ≥ 0).
    public func sounds(at offset: TimeSpan) -> Bool {
        pulses.contains { $0.start <= offset && offset < $0.end }
    }

    /// The first buzzer edge strictly after `offset` within one burst, or nil after the last.
    public func nextBuzzerEdge(after offset: TimeSpan) -> TimeSpan? {
        for pulse in pulses {
            if pulse.start > offset { return pulse.start }
            if pulse.end > offset { return pulse.end }
        }
        return nil
    }

    /// Whether the lamp is lit `offset` after the pattern's start (offset ≥ 0).
    public func lampLit(at offset: TimeSpan) -> Bool {
        guard let flash else { return true }
        return offset.nanoseconds % flash.period.nanoseconds < flash.lit.nanoseconds
    }

    /// The first lamp edge strictly after `offset`, or nil for a steady lamp.
    public func nextLampEdge(after offset: TimeSpan) -> TimeSpan? {
        guard let flash else { return nil }
        let period = flash.period.nanoseconds
        let cycleStart = offset.nanoseconds - offset.nanoseconds % period
        let off = cycleStart + flash.lit.nanoseconds
        return .nanoseconds(off > offset.nanoseconds ? off : cycleStart + period)
    }
}
