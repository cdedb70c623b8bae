/// `Annunciation`: the alarm outputs now. `priority`: high, medium or low, the lamp's pattern, for
/// the highest-priority active alarm (absent: nothing annunciates); `sound`: the buzzer's, for the
/// highest-priority sounding alarm (absent: quiet); `soundReturnsAt`: when an acknowledged
/// high-priority alarm whose cause persists sounds again; `silencedUntil`: the sound is paused
/// until then (the lamps go on).
public struct WireAnnunciation: Codable, Sendable, Hashable {
    public var priority: String?
    public var sound: String?
    public var soundReturnsAt: String?
    public var silencedUntil: String?
    public var testing: Bool
    public var lastSelfTest: WireSelfCheck?
    public var lastAlarmTest: WireSelfCheck?

    public init(
        priority: String?, sound: String? = nil, soundReturnsAt: String? = nil, silencedUntil: String?, testing: Bool, lastSelfTest: WireSelfCheck?,
        lastAlarmTest: WireSelfCheck?
    ) {
        self.priority = priority
        self.sound = sound
        self.soundReturnsAt = soundReturnsAt
        self.silencedUntil = silencedUntil
        self.testing = testing
        self.lastSelfTest = lastSelfTest
        self.lastAlarmTest = lastAlarmTest
    }
}

/// `SelfCheck`: a power-on self-test (`kind` selfTest) or an alarm test (alarmTest), item by item.
public struct WireSelfCheck: Codable, Sendable, Hashable {
    public var kind: String
    public var time: String
    public var passed: Bool
    public var interrupted: Bool
    public var durationMs: Int64
    public var items: [WireSelfCheckItem]

    public init(kind: String, time: String, passed: Bool, interrupted: Bool, durationMs: Int64, items: [WireSelfCheckItem]) {
        self.kind = kind
        self.time = time
        self.passed = passed
        self.interrupted = interrupted
        self.durationMs = durationMs
        self.items = items
    }
}

/// `SelfCheckItem`: `outcome` passed, failed or unverified (driven, but nothing reads it back).
public struct WireSelfCheckItem: Codable, Sendable, Hashable {
    public var subject: String
    public var outcome: String
    public var evidence: String

    public init(subject: String, outcome: String, evidence: String) {
        self.subject = subject
        self.outcome = outcome
        self.evidence = evidence
    }
}
