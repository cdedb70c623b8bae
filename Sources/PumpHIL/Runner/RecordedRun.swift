public import Varlink

/// What the harness saw during one scenario: samples of status and truth, the event log, and the
/// outcome of every action. The expectations are judged on this alone.
public struct RecordedRun: Sendable {
    /// One look at the pump: `t` (scenario seconds), `time` (the pump's wall clock), `status`
    /// (io.pumpd.Pump.Status) and `truth` (io.pumpd.Rig.Truth; absent without a rig interface).
    public var samples: [JSONObject] = []
    public var events: [RecordedEvent] = []
    public var actions: [ActionOutcome] = []
    /// The pump's step volume, pL.
    public var stepVolume: Int64 = 0

    public init() {}

    /// The value at a dotted path of a sample (`truth.motorSteps`, `status.reservoir.remaining`).
    public static func value(_ path: String, in sample: JSONObject) -> JSONValue? {
        var current: JSONValue? = .object(sample)
        for part in path.split(separator: ".") { current = current?[String(part)] }
        return current
    }

    /// The samples taken from `from` to `to`, both included; none when `to` is before `from`.
    public func samples(from: Int64, to: Int64) -> [JSONObject] {
        samples.filter { ($0["t"]?.integerValue).map { from <= $0 && $0 <= to } ?? false }
    }

    /// The first time `alarm` was raised at or after `after`.
    public func firstRaise(of alarm: String, after: Int64 = 0) -> RecordedEvent? {
        events.first { $0.kind == "alarmRaised" && $0.detail["alarm"]?.stringValue == alarm && ($0.t ?? -1) >= after }
    }
}

/// One entry of the pump's event log, placed on the scenario's timeline.
public struct RecordedEvent: Sendable, Hashable {
    /// Scenario seconds; nil when its time cannot be placed (before the scenario began).
    public var t: Int64?
    public var time: String
    public var kind: String
    public var summary: String
    public var detail: JSONObject
    public var role: String?

    public init(t: Int64?, time: String, kind: String, summary: String, detail: JSONObject, role: String?) {
        self.t = t
        self.time = time
        self.kind = kind
        self.summary = summary
        self.detail = detail
        self.role = role
    }
}

/// What happened when the harness did an action.
public struct ActionOutcome: Sendable, Hashable {
    public var label: String
    public var t: Int64
    public var passed: Bool
    /// The reply's gist, or the error.
    public var result: String

    public init(label: String, t: Int64, passed: Bool, result: String) {
        self.label = label
        self.t = t
        self.passed = passed
        self.result = result
    }
}
